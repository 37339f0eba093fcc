package io.tierpilot.core;

import com.google.common.testing.NullPointerTester;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Every public method of the API rejects a null argument with a NullPointerException. */
class NullContractTest {

  private NullPointerTester tester() throws Exception {
    FakeTicker ticker = new FakeTicker();
    TierScheduler s = Fixtures.builder(ticker).build();
    TierRequest request = Fixtures.request(s, "batch");
    NullPointerTester t = new NullPointerTester();
    t.setDefault(TierRequest.class, request);
    t.setDefault(Decision.class, s.decide(request));
    t.setDefault(Attempts.class, Attempts.none());
    t.setDefault(SloClass.class, Fixtures.batch());
    t.setDefault(ModelConfig.class, Fixtures.model());
    t.setDefault(TierPrices.class, TierPrices.fromStandard(1, 1));
    t.setDefault(LatencyPrior.class, LatencyPrior.defaultFor(Tier.FLEX));
    t.setDefault(Budget.class, Budget.perWindow(1, Duration.ofHours(1)));
    t.setDefault(Ticker.class, ticker);
    t.setDefault(Duration.class, Duration.ofSeconds(1));
    t.setDefault(String.class, Fixtures.MODEL);
    t.setDefault(Properties.class, new Properties());
    t.setDefault(TierExecutor.class, a -> new java.util.concurrent.CompletableFuture<>());
    // null means "the default class" here, as documented
    t.ignore(TierScheduler.class.getMethod("sloClass", String.class));
    // a call's result value and a failure's cause may be null, as documented
    t.ignore(
        CallOutcome.class.getMethod("success", Object.class, Tier.class, long.class, long.class));
    t.ignore(
        CallOutcome.class.getMethod(
            "success", Object.class, Tier.class, long.class, long.class, long.class));
    t.ignore(CallOutcome.class.getMethod("throttled", Throwable.class));
    t.ignore(CallOutcome.class.getMethod("unsupported", Throwable.class));
    t.ignore(CallOutcome.class.getMethod("timedOut", Throwable.class));
    return t;
  }

  @Test
  void staticFactoriesRejectNulls() throws Exception {
    NullPointerTester t = tester();
    for (Class<?> c :
        List.of(
            Tier.class,
            Ticker.class,
            Durations.class,
            SloClass.class,
            TierRequest.class,
            Attempts.class,
            TierPrices.class,
            LatencyPrior.class,
            ModelConfig.class,
            Budget.class,
            CallOutcome.class,
            TierScheduler.class)) {
      t.testAllPublicStaticMethods(c);
    }
  }

  @Test
  void instancesRejectNulls() throws Exception {
    NullPointerTester t = tester();
    FakeTicker ticker = new FakeTicker();
    TierScheduler s = Fixtures.builder(ticker).build();
    t.testAllPublicInstanceMethods(s);
    t.testAllPublicInstanceMethods(TierScheduler.newBuilder());
    t.testAllPublicInstanceMethods(TierRequest.newBuilder("m"));
    t.testAllPublicInstanceMethods(SloClass.newBuilder("c"));
    t.testAllPublicInstanceMethods(ModelConfig.newBuilder("m"));
    t.testAllPublicInstanceMethods(TierPrices.fromStandard(1, 1));
    t.testAllPublicInstanceMethods(Attempts.none());
    t.testAllPublicInstanceMethods(s.decide(Fixtures.request(s, "batch")));
    t.testAllPublicInstanceMethods(Budget.perWindow(1, Duration.ofHours(1)));
  }
}
