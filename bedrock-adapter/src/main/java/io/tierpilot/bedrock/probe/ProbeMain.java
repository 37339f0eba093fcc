package io.tierpilot.bedrock.probe;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line of the Bedrock adapter's jar ({@code java -jar tierpilot-bedrock.jar probe ...},
 * or {@code ./tierpilot probe ...}): measures Bedrock's tiers for one model.
 */
@Command(
    name = "tierpilot-bedrock",
    mixinStandardHelpOptions = true,
    version = "tierpilot 0.1.0",
    description = "Measures Amazon Bedrock's service tiers for a model.",
    subcommands = {ProbeCommand.class, CommandLine.HelpCommand.class})
public final class ProbeMain implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private ProbeMain() {}

  /**
   * Runs a command and exits with its status.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs a command and returns its exit status: 0 success, 1 failure, 2 usage error.
   *
   * @param args the command line, for example {@code probe --model openai.gpt-oss-120b-1:0}
   * @return the exit status
   */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new ProbeMain());
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("tierpilot probe: " + message(e));
          return 1;
        });
    return cl.execute(args);
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
