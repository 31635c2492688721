package dev.kez.core.chain;

import dev.kez.core.status.Verdict;

/** The outcome of replaying a whole chain: its final state, or the first broken rule. */
public sealed interface ChainResult {
  Verdict toVerdict();

  record Verified(ChainState state) implements ChainResult {
    @Override
    public Verdict toVerdict() {
      if (state.isEmpty()) return Verdict.notFound("the chain has no links");
      return Verdict.valid(
          "chain "
              + state.chain()
              + ": "
              + state.length()
              + " links, primary key "
              + state.primaryKey().encoded(),
          state.head());
    }
  }

  /**
   * {@code seq}: where the chain broke; {@code rule}: which rule; {@code reason}: the rule, in one
   * line.
   */
  record Broken(long seq, ChainException.Rule rule, String reason) implements ChainResult {
    @Override
    public Verdict toVerdict() {
      return Verdict.invalid("link " + seq + ": " + reason);
    }
  }
}
