package io.tierpilot.sim.engine;

/** The class mix the tests use: the simulator's default. */
final class ScenarioDefaults {
  static final String CLASSES =
      "interactive=0.3:10s:priority,standard=0.4:60s:standard,batch=0.3:30m:flex";

  private ScenarioDefaults() {}
}
