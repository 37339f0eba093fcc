package io.tierpilot.sim.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tierpilot}: the command line of the simulator. */
@Command(
    name = "tierpilot",
    mixinStandardHelpOptions = true,
    version = "tierpilot 0.1.0",
    description =
        "Sends each LLM request to the cheapest service tier that still meets its deadline.",
    subcommands = {
      DemoCommand.class,
      SimulateCommand.class,
      TuneCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * Runs a command and exits with its status.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs a command and returns its exit status: 0 success, 1 failure (an invalid option value
   * included), 2 a command line that cannot be parsed, 3 a tuning run found no setting that meets
   * its target.
   */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("tierpilot: " + message(e));
          return 1;
        });
    return cl.execute(args);
  }

  private static String message(Throwable e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file: " + e.getMessage();
    }
    if (e instanceof java.nio.file.FileAlreadyExistsException) {
      return "cannot create the directory "
          + e.getMessage()
          + ": a file of that name is in the way (--out names a directory)";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied: " + e.getMessage();
    }
    if (e instanceof java.nio.file.FileSystemException) {
      java.nio.file.FileSystemException f = (java.nio.file.FileSystemException) e;
      return f.getFile()
          + ": "
          + (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName());
    }
    if (e instanceof java.io.UncheckedIOException && e.getCause() != null) {
      return e.getMessage() + ": " + message(e.getCause());
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
