package dev.kez.chat.protocol;

/**
 * Input over one of kez-chat's size limits (an envelope, a sealed copy, a message): the server
 * answers 413, not 400. The message is one line naming the limit.
 */
public final class ChatLimitException extends RuntimeException {
  public ChatLimitException(String message) {
    super(message);
  }
}
