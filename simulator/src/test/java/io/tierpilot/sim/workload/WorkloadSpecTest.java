package io.tierpilot.sim.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WorkloadSpecTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "azure:traces/AzureLLMInferenceTrace_conv.csv",
        "mooncake:a,b.jsonl",
        "burstgpt:BurstGPT_1.csv.gz",
        "bedrock-logs:logs/2025/03/11/000000.json.gz",
        "native:recorded.jsonl",
        "poisson:rate=5,requests=1000",
        "poisson:rate=0.5,requests=10,input=uniform:1:9,output=exp:200,model=openai.gpt-oss-120b-1:0",
        "servegen:data/servegen",
        "servegen:data/servegen,start=1h,duration=30m,requests=1000,rate-scale=0.01,model=m",
        "servegen:trace=a-trace.csv,dataset=a-dataset.json,duration=250ms"
      })
  void parsesEveryForm(String text) {
    WorkloadSpec spec = WorkloadSpec.parse("  " + text + " ");
    assertEquals(text, spec.text());
    assertEquals(text, spec.toString());
    assertEquals(spec, WorkloadSpec.parse(text));
    assertEquals(spec.hashCode(), WorkloadSpec.parse(text).hashCode());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "conv.csv | expected FORMAT:PATH or GENERATOR:PARAMETERS",
        "csv:conv.csv | unknown format 'csv'",
        "Azure:conv.csv | unknown format 'Azure'",
        "azure: | missing path after 'azure:'",
        "`native:  ` | missing path after 'native:'",
        "poisson:rate=5 | missing parameter 'requests'",
        "poisson:requests=5 | missing parameter 'rate'",
        "poisson: | missing parameter 'rate'",
        "poisson:rate=-1,requests=5 | parameter 'rate': not a positive number: '-1'",
        "poisson:rate=fast,requests=5 | parameter 'rate': not a number: 'fast'",
        "poisson:rate=5,requests=0 | parameter 'requests': not a positive integer: '0'",
        "poisson:rate=5,requests=1.5 | parameter 'requests': not a positive integer: '1.5'",
        "poisson:rate=5,requests=10,burst=3 | unknown parameter 'burst' (valid: input, model,"
            + " output, rate, requests)",
        "poisson:rate=5,rate=6,requests=1 | parameter 'rate' given twice",
        "poisson:rate=5,requests=1, | empty parameter",
        "poisson:rate=5,requests | parameter 'requests' has no value",
        "poisson:rate=5,requests= | parameter 'requests' has an empty value",
        "poisson:rate=5,requests=10,input=normal:5 | parameter 'input': invalid token"
            + " distribution 'normal:5': unknown distribution 'normal'",
        "servegen: | missing DIR (or trace=FILE,dataset=FILE)",
        "servegen:trace=a.csv | missing parameter 'dataset'",
        "servegen:dir,trace=a.csv,dataset=b.json | give either DIR or trace=FILE,dataset=FILE",
        "servegen:dir,start=ten | parameter 'start': invalid duration 'ten'",
        "servegen:dir,duration=0s | parameter 'duration': must be positive",
        "servegen:dir,rate-scale=0 | parameter 'rate-scale': not a positive number: '0'",
        "servegen:dir,requests=-3 | parameter 'requests': not a positive integer: '-3'",
        "servegen:dir,other | parameter 'other' has no value",
        "servegen:dir,rate=5 | unknown parameter 'rate'"
      })
  void rejectsBadSpecsNamingSpecProblemAndForms(String text, String problem) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WorkloadSpec.parse(text));
    String message = e.getMessage();
    assertTrue(message.startsWith("invalid workload spec '" + text.trim() + "': "), message);
    assertTrue(message.contains(problem.trim()), message);
    assertTrue(
        message.contains(
            "valid forms: azure:PATH, mooncake:PATH, burstgpt:PATH, bedrock-logs:PATH,"
                + " native:PATH, poisson:rate=R,requests=N"),
        message);
    assertTrue(message.contains("servegen:DIR"), message);
  }

  @Test
  void rejectsNull() {
    assertThrows(NullPointerException.class, () -> WorkloadSpec.parse(null));
    WorkloadSpec spec = WorkloadSpec.parse("poisson:rate=1,requests=1");
    assertThrows(NullPointerException.class, () -> spec.open(null));
  }

  @Test
  void listsItsFormats() {
    assertEquals(
        List.of("azure", "mooncake", "burstgpt", "bedrock-logs", "native", "poisson", "servegen"),
        WorkloadSpec.formats());
  }

  @Test
  void opensIndependentWorkloadsThatYieldTheSameRequests() throws IOException {
    for (String spec :
        List.of(
            "azure:" + TestTraces.resource("azure-2024-sample.csv"),
            "bedrock-logs:" + TestTraces.resource("bedrock-invocation-logs.jsonl"),
            "poisson:rate=3,requests=500",
            "servegen:"
                + TestTraces.resource("servegen-sample/sample-trace.csv").getParent()
                + ",requests=500")) {
      WorkloadSpec parsed = WorkloadSpec.parse(spec);
      WorkloadOptions options = WorkloadOptions.defaults();
      try (Workload a = parsed.open(options);
          Workload b = parsed.open(options)) {
        // interleaved reads: the two openings share no state
        for (int i = 0; ; i++) {
          TraceRequest ra = a.next();
          TraceRequest rb = b.next();
          assertEquals(String.valueOf(ra), String.valueOf(rb), spec + " request " + i);
          if (ra == null) {
            break;
          }
        }
      }
    }
  }

  @Test
  void optionsAreValues() {
    WorkloadOptions defaults = WorkloadOptions.defaults();
    assertEquals(false, defaults.skipInvalid());
    assertEquals(WorkloadOptions.DEFAULT_SEED, defaults.seed());
    WorkloadOptions other = defaults.withSkipInvalid(true).withSeed(7);
    assertEquals(true, other.skipInvalid());
    assertEquals(7, other.seed());
    assertEquals(new WorkloadOptions(true, 7), other);
    assertEquals(new WorkloadOptions(true, 7).hashCode(), other.hashCode());
    assertNotEquals(defaults, other);
    assertEquals("WorkloadOptions{skipInvalid=true, seed=7, maxGap=PT168H}", other.toString());
    WorkloadOptions longer = other.withMaxGap(java.time.Duration.ofDays(30));
    assertEquals(30 * 86_400_000_000_000L, longer.maxGapNanos());
    assertNotEquals(other, longer);
    assertEquals(other, longer.withMaxGap(WorkloadOptions.DEFAULT_MAX_GAP));
    assertEquals(false, defaults.skipInvalid(), "withers leave the original unchanged");
  }
}
