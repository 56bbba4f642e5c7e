package io.mjserverless.workflow;

import io.mjserverless.core.testing.LocalAws;
import java.util.Map;

/** The conformance suite on the simulator. */
class SimulatorConformanceIT extends EngineConformance {
  SimulatorConformanceIT(LocalAws aws) {
    super(aws);
  }

  @Override
  protected Map<String, String> settings() {
    return Map.of();
  }

  @Override
  protected void stopProvider() {}

  @Override
  protected void refuseNextImagine() {
    cannot("refuse a prompt that submit accepted", "it refuses exactly what submit refuses (code 4 at submit), so a"
        + " stored task always runs");
  }

  @Override
  protected void stallNextImagine() {
    cannot("stall a job", "its jobs end on a schedule from the task's start time");
  }
}
