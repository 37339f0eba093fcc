package io.tierpilot.sim.cli;

import io.tierpilot.core.TierPrices;
import io.tierpilot.sim.engine.Scenario;
import io.tierpilot.sim.engine.SloClassSpec;
import io.tierpilot.sim.policy.Policies;
import io.tierpilot.sim.provider.ProviderSpec;
import io.tierpilot.sim.workload.WorkloadOptions;
import io.tierpilot.sim.workload.WorkloadSpec;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tierpilot demo}: replays the bundled Azure LLM inference trace (2023, conversation: 19,366
 * requests over one hour; Microsoft Azure, CC-BY 4.0) with the default class mix against every
 * policy on the {@code bedrock} preset, and says where the report is.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Replays the bundled Azure LLM inference trace (conversation, 2023, CC-BY 4.0) with the"
          + " classes "
          + ScenarioOptions.DEFAULT_CLASSES
          + " against every policy on the bedrock"
          + " preset, and writes the report."
    })
final class DemoCommand implements Callable<Integer> {
  static final String TRACE_RESOURCE = "/traces/azure-2023-conv.csv";

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Output directory. Default: ${DEFAULT-VALUE}.")
  Path out = Path.of("out", "demo");

  @Override
  public Integer call() throws Exception {
    Files.createDirectories(out);
    Path trace = out.resolve("azure-2023-conv.csv");
    try (InputStream in = DemoCommand.class.getResourceAsStream(TRACE_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the bundled trace " + TRACE_RESOURCE + " is missing");
      }
      Files.copy(in, trace, StandardCopyOption.REPLACE_EXISTING);
    }
    List<SloClassSpec> classes = SloClassSpec.parse(ScenarioOptions.DEFAULT_CLASSES);
    Scenario scenario =
        new Scenario(
            List.of(WorkloadSpec.parse("azure:" + trace)),
            new WorkloadOptions(false, Scenario.DEFAULT_SEED),
            classes,
            ProviderSpec.load("bedrock"),
            "bedrock",
            Scenario.DEFAULT_SEED,
            null,
            Scenario.DEFAULT_MODEL,
            Scenario.DEFAULT_MAX_TOKENS,
            TierPrices.fromStandard(Scenario.DEFAULT_INPUT_PRICE, Scenario.DEFAULT_OUTPUT_PRICE),
            null,
            Scenario.DEFAULT_TARGET,
            Policies.names());
    System.out.println(
        "tierpilot demo: the Azure LLM inference trace (conversation, 2023; Patel et al., Splitwise,"
            + " ISCA 2024; Microsoft Azure, CC-BY 4.0) on a virtual Bedrock.");
    SimulateCommand.run(scenario, Runtime.getRuntime().availableProcessors(), out);
    System.out.println("Report: " + out.resolve("report.html").toAbsolutePath());
    System.out.println("Summary: " + out.resolve("summary.json").toAbsolutePath());
    return 0;
  }
}
