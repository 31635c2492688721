package dev.kez.core.keystore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kez.core.MalformedException;
import dev.kez.core.crypto.Algorithm;
import dev.kez.core.crypto.PublicKey;
import dev.kez.core.crypto.SecretKey;
import dev.kez.core.io.AtomicFiles;
import dev.kez.core.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The keys in {@code KEZ_HOME}: {@code identity.json} (the primary key), {@code device.json} (this
 * machine's device key) and {@code keys/archive/<n>.json} (keys rotated out or replaced; a secret
 * is never deleted). A key file is a JSON object:
 *
 * <pre>
 * {"alg": "nostr",   "public": "npub1…",      "secret": "nsec1…"}          plain
 * {"alg": "nostr",   "public": "npub1…",      "ncryptsec": "ncryptsec1…"}  NIP-49
 * {"alg": "ed25519", "public": "ed25519:…",   "secret": "&lt;64 hex seed&gt;"}  plain
 * {"alg": "ed25519", "public": "ed25519:…",   "encrypted": "edcryptsec1…"} see EncryptedSecret
 * </pre>
 *
 * Files are created mode 0600 before any secret byte is written, fsynced, and moved into place
 * atomically; folders are 0700. Problems are {@link KeyStoreException}s.
 */
public final class KeyStore {
  public static final String HOME_ENV = "KEZ_HOME";
  public static final String IDENTITY = "identity.json";
  public static final String DEVICE = "device.json";
  public static final String ARCHIVE = "keys/archive";

  private static final Set<PosixFilePermission> FILE_MODE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIR_MODE =
      PosixFilePermissions.fromString("rwx------");

  /** Key files are tiny; anything larger is not one of ours. */
  private static final long MAX_KEY_FILE = 64 * 1024;

  private final Path home;
  private final int scryptLogN;

  private KeyStore(Path home, int scryptLogN) {
    this.home = home;
    this.scryptLogN = scryptLogN;
  }

  /** {@code KEZ_HOME} from the environment, else {@code ~/.kez}. */
  public static Path defaultHome(Map<String, String> env) {
    String configured = env.get(HOME_ENV);
    if (configured != null && !configured.isBlank()) return Path.of(configured);
    return Path.of(System.getProperty("user.home"), ".kez");
  }

  /** Opens (does not create) a key store; folders and files are made on first save. */
  public static KeyStore open(Path home) {
    return new KeyStore(home.toAbsolutePath().normalize(), EncryptedSecret.DEFAULT_LOG_N);
  }

  /** The same store encrypting new keys with scrypt N = 2^logN (tests use small values). */
  public KeyStore withScryptLogN(int logN) {
    return new KeyStore(home, logN);
  }

  public Path home() {
    return home;
  }

  public Path primaryFile() {
    return home.resolve(IDENTITY);
  }

  public Path deviceFile() {
    return home.resolve(DEVICE);
  }

  public Path archiveDir() {
    return home.resolve(ARCHIVE);
  }

  // ---- primary key

  public Optional<StoredKey> primaryInfo() {
    return read(primaryFile()).map(KeyFile::info);
  }

  public Optional<PublicKey> primaryPublic() {
    return primaryInfo().map(StoredKey::publicKey);
  }

  /** Unlocks the primary key, asking {@code passphrases} only when the file is encrypted. */
  public SecretKey primary(PassphraseSource passphrases) {
    KeyFile f =
        read(primaryFile())
            .orElseThrow(() ->
                new KeyStoreException(
                    "no identity in "
                        + home
                        + " yet (create one with 'kez identity new' or 'kez identity import')"));
    return f.unlock(passphrases, "Passphrase for the identity key");
  }

  /** Saves the primary key; refuses when one exists (see {@link #replacePrimary}). */
  public void savePrimary(SecretKey key, Optional<char[]> passphrase) {
    write(primaryFile(), render(key, passphrase), false);
  }

  /**
   * Saves the primary key, first moving any different existing one to the archive with its file
   * unchanged (so an encrypted key stays encrypted). Returns the archive file, if any.
   */
  public Optional<Path> replacePrimary(SecretKey key, Optional<char[]> passphrase) {
    return replace(primaryFile(), key, passphrase);
  }

  // ---- device key

  public Optional<StoredKey> deviceInfo() {
    return read(deviceFile()).map(KeyFile::info);
  }

  public Optional<SecretKey> device(PassphraseSource passphrases) {
    return read(deviceFile()).map(f -> f.unlock(passphrases, "Passphrase for the device key"));
  }

  /** Saves this machine's device key; refuses when one exists. */
  public void saveDevice(SecretKey key, Optional<char[]> passphrase) {
    write(deviceFile(), render(key, passphrase), false);
  }

  // ---- archive

  /** Writes a key to {@code keys/archive/<n>.json}, n one more than the highest there. */
  public Path archive(SecretKey key, Optional<char[]> passphrase) {
    return archiveBytes(render(key, passphrase));
  }

  /** The archived keys, oldest first. */
  public List<StoredKey> archived() {
    List<StoredKey> out = new ArrayList<>();
    for (Path p : archiveFiles()) read(p).ifPresent(f -> out.add(f.info()));
    return out;
  }

  /** Unlocks an archived key by its public key. */
  public Optional<SecretKey> archived(PublicKey publicKey, PassphraseSource passphrases) {
    for (Path p : archiveFiles()) {
      Optional<KeyFile> f = read(p);
      if (f.isPresent() && f.get().info().publicKey().equals(publicKey)) {
        return Optional.of(
            f.get().unlock(passphrases, "Passphrase for the archived key " + publicKey));
      }
    }
    return Optional.empty();
  }

  // ---- other secret files below KEZ_HOME (such as the chat device key of kez-chat-protocol)

  /**
   * Writes a secret file with the guarantees of the key files (0600, fsync, atomic); refuses to
   * overwrite one.
   */
  public void saveSecretFile(String name, byte[] content) {
    write(inHome(name), content, false);
  }

  /** Reads a secret file written by {@link #saveSecretFile}; empty when there is none. */
  public Optional<byte[]> readSecretFile(String name) {
    Path file = inHome(name);
    return Files.exists(file) ? Optional.of(readBytes(file)) : Optional.empty();
  }

  private Path inHome(String name) {
    Path file = home.resolve(name).normalize();
    if (!file.startsWith(home) || file.equals(home))
      throw new IllegalArgumentException("not a file below KEZ_HOME: " + name);
    return file;
  }

  // ---- files

  private Optional<Path> replace(Path file, SecretKey key, Optional<char[]> passphrase) {
    byte[] content = render(key, passphrase);
    Optional<Path> archivedTo = Optional.empty();
    if (Files.exists(file)) {
      boolean same;
      try {
        same = read(file).map(f -> f.info().publicKey().equals(key.publicKey())).orElse(false);
      } catch (KeyStoreException damaged) {
        same = false; // a damaged file is archived too: whatever it holds is never deleted
      }
      if (!same) archivedTo = Optional.of(archiveBytes(readBytes(file)));
    }
    write(file, content, true);
    return archivedTo;
  }

  private Path archiveBytes(byte[] content) {
    while (true) {
      Path target = archiveDir().resolve((highestArchiveNumber() + 1) + ".json");
      try {
        write(target, content, false);
        return target;
      } catch (KeyStoreException e) {
        if (!Files.exists(target)) throw e; // else another process took that number: take the next
      }
    }
  }

  private List<Path> archiveFiles() {
    if (!Files.isDirectory(archiveDir())) return List.of();
    try (Stream<Path> s = Files.list(archiveDir())) {
      return s.filter(p -> archiveNumber(p) > 0)
          .sorted((a, b) -> Long.compare(archiveNumber(a), archiveNumber(b)))
          .toList();
    } catch (IOException e) {
      throw ioFailure("cannot list " + archiveDir(), e);
    }
  }

  private long highestArchiveNumber() {
    List<Path> files = archiveFiles();
    return files.isEmpty() ? 0 : archiveNumber(files.get(files.size() - 1));
  }

  private static long archiveNumber(Path p) {
    String name = p.getFileName().toString();
    if (!name.matches("[1-9][0-9]{0,17}\\.json")) return -1;
    return Long.parseLong(name.substring(0, name.length() - 5));
  }

  private byte[] render(SecretKey key, Optional<char[]> passphrase) {
    Algorithm alg = key.algorithm();
    ObjectNode o =
        Json.newObject().put("alg", alg.wireName()).put("public", key.publicKey().encoded());
    if (passphrase.isPresent()) {
      o.put(
          alg == Algorithm.NOSTR ? "ncryptsec" : "encrypted",
          EncryptedSecret.encrypt(key, passphrase.get(), scryptLogN));
    } else {
      byte[] secret = key.exportSecret();
      o.put("secret", alg == Algorithm.NOSTR ? key.toNsec() : HexFormat.of().formatHex(secret));
      Arrays.fill(secret, (byte) 0);
    }
    return (Json.writePretty(o) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private Optional<KeyFile> read(Path file) {
    if (!Files.exists(file)) return Optional.empty();
    return Optional.of(KeyFile.parse(file, readBytes(file)));
  }

  private static byte[] readBytes(Path file) {
    try {
      if (Files.size(file) > MAX_KEY_FILE)
        throw new KeyStoreException(file + " is too large to be a key file");
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new KeyStoreException(file + " disappeared while reading it");
    } catch (AccessDeniedException e) {
      throw new KeyStoreException("cannot read " + file + ": permission denied");
    } catch (IOException e) {
      throw ioFailure("cannot read " + file, e);
    }
  }

  /**
   * Writes a secret file: a temp file in the same folder, made 0600 before any byte goes in,
   * fsynced, then renamed over the target ({@code replace}) or hard-linked to it, which fails when
   * the target exists, so a key is never overwritten by accident even by a racing writer.
   */
  private void write(Path target, byte[] content, boolean replace) {
    Path dir = target.getParent();
    ensureDirs(dir);
    Path tmp = null;
    try {
      tmp =
          posix(dir)
              ? Files.createTempFile(
                  dir, ".tmp-", ".json", PosixFilePermissions.asFileAttribute(FILE_MODE))
              : Files.createTempFile(dir, ".tmp-", ".json");
      if (posix(dir))
        Files.setPosixFilePermissions(tmp, FILE_MODE); // umask cannot widen it, but be explicit
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) ch.write(buf);
        ch.force(true);
      }
      if (replace) {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        linkOrMove(tmp, target);
      }
      AtomicFiles.fsyncDirectory(dir);
    } catch (FileAlreadyExistsException e) {
      throw new KeyStoreException(target + " already exists; not overwriting it");
    } catch (AccessDeniedException e) {
      throw new KeyStoreException("cannot write " + target + ": permission denied");
    } catch (IOException e) {
      throw ioFailure("cannot write " + target, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a leftover 0600 temp file in KEZ_HOME; nothing better to do
        }
      }
    }
  }

  private static void linkOrMove(Path tmp, Path target) throws IOException {
    try {
      Files.createLink(target, tmp);
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (UnsupportedOperationException | FileSystemException e) {
      // a file system without hard links: check, then move (a narrow race, but no other way)
      if (Files.exists(target)) throw new FileAlreadyExistsException(target.toString());
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** Creates KEZ_HOME and the folders below it with mode 0700, and tightens existing ones. */
  private void ensureDirs(Path dir) {
    List<Path> chain = new ArrayList<>();
    for (Path d = dir; d != null && d.startsWith(home); d = d.getParent()) chain.add(0, d);
    try {
      for (Path d : chain) {
        boolean posix = posix(d);
        if (!Files.isDirectory(d)) {
          FileAttribute<?>[] attrs =
              posix
                  ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(DIR_MODE)}
                  : new FileAttribute<?>[0];
          Files.createDirectories(d, attrs);
        }
        if (posix) Files.setPosixFilePermissions(d, DIR_MODE);
      }
    } catch (AccessDeniedException e) {
      throw new KeyStoreException("cannot create " + dir + ": permission denied");
    } catch (IOException e) {
      throw ioFailure("cannot create " + dir, e);
    }
  }

  private static boolean posix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static KeyStoreException ioFailure(String what, IOException e) {
    String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new KeyStoreException(what + ": " + detail.replaceAll("\\s+", " "), e);
  }

  /** A parsed key file; its secret member stays text until unlocked. */
  private record KeyFile(StoredKey info, String secretMember, String secretText) {
    static KeyFile parse(Path file, byte[] bytes) {
      try {
        ObjectNode o = Json.parseObject(bytes);
        Algorithm alg = Algorithm.fromName(Json.string(o, "alg"));
        PublicKey pub = PublicKey.parse(Json.string(o, "public"));
        if (pub.algorithm() != alg)
          throw new MalformedException("\"public\" is not a " + alg + " key");
        String member = alg == Algorithm.NOSTR ? "ncryptsec" : "encrypted";
        List<String> present = Stream.of("secret", member).filter(o::has).toList();
        if (present.size() != 1)
          throw new MalformedException("expected exactly one of \"secret\" or \"" + member + "\"");
        String m = present.get(0);
        return new KeyFile(
            new StoredKey(alg, pub, !m.equals("secret"), file), m, Json.string(o, m));
      } catch (MalformedException e) {
        throw new KeyStoreException(file + " is damaged: " + e.getMessage());
      } finally {
        Arrays.fill(bytes, (byte) 0);
      }
    }

    SecretKey unlock(PassphraseSource passphrases, String prompt) {
      Algorithm alg = info.algorithm();
      SecretKey key;
      if (info.encrypted()) {
        char[] pass = passphrases.passphrase(prompt, false);
        try {
          key = EncryptedSecret.decrypt(alg, secretText, pass);
        } catch (MalformedException e) {
          throw new KeyStoreException(info.file() + " is damaged: " + e.getMessage());
        } finally {
          Arrays.fill(pass, '\0');
        }
      } else {
        try {
          key =
              alg == Algorithm.NOSTR && secretText.startsWith("nsec1")
                  ? SecretKey.fromNsec(secretText)
                  : SecretKey.fromSecret(alg, HexFormat.of().parseHex(secretText));
        } catch (MalformedException | IllegalArgumentException e) {
          throw new KeyStoreException(
              info.file() + " is damaged: its secret is not a valid " + alg + " key");
        }
      }
      if (!key.publicKey().equals(info.publicKey())) {
        throw new KeyStoreException(
            info.file() + " is damaged: its secret does not match its public key");
      }
      return key;
    }
  }
}
