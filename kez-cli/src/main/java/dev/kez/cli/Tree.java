package dev.kez.cli;

import dev.kez.cli.sigchain.SigchainCommand;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The command tree below {@code kez}, added only as far as the command line needs: picocli builds
 * each command's model by reflection, and building all of them was most of a short run's start-up.
 * Along the words of the command line, a level whose command is named gets only that child; a level
 * asked for help (-h, --help), or given no command, an unknown one, or {@code help}, gets all its
 * children, so help, usage errors and "did you mean" read as with the whole tree. {@code kez}'s
 * children are listed here, and the others' in their parent class, in the order help shows them.
 */
record Tree(Class<?> command, List<Tree> children) {
  static final List<Tree> ROOT =
      List.of(
          leaf(IdentityCommand.class),
          leaf(ClaimCommand.class),
          new Tree(
              VerifyCommand.class, VerifyCommand.SUBCOMMANDS.stream().map(Tree::leaf).toList()),
          leaf(DecodeCommand.class),
          new Tree(
              SigchainCommand.class, SigchainCommand.SUBCOMMANDS.stream().map(Tree::leaf).toList()),
          leaf(dev.kez.cli.sigchain.PublishCommand.class),
          leaf(dev.kez.cli.sigchain.UnpublishCommand.class),
          leaf(dev.kez.cli.publish.LoginCommand.class),
          leaf(dev.kez.cli.publish.LogoutCommand.class),
          leaf(dev.kez.cli.chat.ChatCommand.class),
          leaf(HelpCommand.class));

  private static Tree leaf(Class<?> command) {
    return new Tree(command, List.of());
  }

  String name() {
    return command.getAnnotation(Command.class).name();
  }

  /** Adds to {@code parent} the children the words from {@code args[from]} on need. */
  static void add(CommandLine parent, List<Tree> children, String[] args, int from) {
    boolean version = false;
    for (int i = from; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--home")) {
        i++; // its value
        continue;
      }
      boolean shortOptions = a.startsWith("-") && !a.startsWith("--");
      if (a.equals("--") || a.equals("--help") || (shortOptions && a.indexOf('h') > 0)) {
        version = false; // help lists the children
        break;
      }
      version |= a.equals("--version") || (shortOptions && a.indexOf('V') > 0);
      if (a.startsWith("-")) continue;
      for (Tree child : children) {
        if (child.command != HelpCommand.class && child.name().equals(a)) {
          parent.addSubcommand(child.build(args, i + 1));
          return;
        }
      }
      if (!a.equals("help") && unknown(parent, children, args, i)) return;
      version = false; // help, or an unknown command: all of them, for the help and the suggestions
      break;
    }
    if (version) return; // --version (and options) alone: the version needs no command
    for (Tree child : children) parent.addSubcommand(child.build(args, args.length));
  }

  /**
   * The unknown command {@code args[from]}: picocli reports it with "did you mean" from the
   * children's names, and enters a child only when a later word names it. So the children no later
   * word names are added as names alone (no model), unless a later word is an option, an @file or
   * help, which read more of them; returns whether it added them.
   */
  private static boolean unknown(CommandLine parent, List<Tree> children, String[] args, int from) {
    List<String> rest = List.of(args).subList(from + 1, args.length);
    if (args[from].startsWith("@")
        || rest.stream().anyMatch(w -> w.startsWith("-") || w.startsWith("@") || w.equals("help")))
      return false;
    for (Tree child : children) {
      Command c = child.command.getAnnotation(Command.class);
      if (rest.contains(c.name()) || List.of(c.aliases()).stream().anyMatch(rest::contains)) {
        parent.addSubcommand(child.build(args, args.length));
        continue;
      }
      CommandSpec name = CommandSpec.create().name(c.name()).aliases(c.aliases());
      name.usageMessage().hidden(c.hidden());
      parent.addSubcommand(new CommandLine(name));
    }
    return true;
  }

  private CommandLine build(String[] args, int from) {
    CommandLine cl = new CommandLine(command);
    add(cl, children, args, from);
    return cl;
  }

  /**
   * Options a command inherits are added when it joins its parent, after its own -h and -V; the
   * annotations put them before: move -h and -V back behind them, as help showed them.
   */
  static void helpOptionsLast(CommandLine cl) {
    for (CommandLine sub : cl.getSubcommands().values()) {
      var spec = sub.getCommandSpec();
      for (String name :
          spec.mixinStandardHelpOptions() ? new String[] {"-h", "-V"} : new String[0]) {
        var option = spec.findOption(name);
        if (option != null) {
          spec.remove(option);
          spec.addOption(option);
        }
      }
      helpOptionsLast(sub);
    }
  }
}
