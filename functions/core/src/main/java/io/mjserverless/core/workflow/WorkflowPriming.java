package io.mjserverless.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.aws.AwsClients;
import io.mjserverless.core.aws.ClientPriming;
import io.mjserverless.core.config.Config;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskView;

/**
 * What a workflow step function does before its SnapStart snapshot: the step's input and output shapes
 * through Jackson, a task through the view a callback carries, and dry runs of the DynamoDB and S3 calls
 * steps make. It writes nothing and sends nothing; the steps themselves are not run, as each one
 * reads or moves a real task.
 */
public final class WorkflowPriming {
  private WorkflowPriming() {}

  public static void prime(Config config, AwsClients aws) {
    JsonNode input = Json.MAPPER.valueToTree(StepState.running("1700000000000000000", 1, 2));
    Json.read(Json.write(input), StepState.class);
    Json.write(StepState.ended("1700000000000000000", 3, StepState.SUCCEEDED, null));
    Task task = ClientPriming.sampleTask();
    Json.write(TaskView.of(task, key -> "https://priming.invalid/" + key, config.discordInstanceId()));
    ClientPriming.dynamo(aws, config.tasksTable(), task);
    ClientPriming.s3(aws, config.imagesBucket(), true);
    images(config.engines().containsValue("simulator"));
  }

  /**
   * The picture work of the steps, in memory and tiny: StoreResult splits a grid into PNGs and a
   * thumbnail for every engine; the simulator also renders (Dispatch, Poll's previews, StoreResult).
   * Java2D and ImageIO are most of what those steps' first request loaded. The seed is fixed.
   */
  static void images(boolean simulator) {
    java.awt.image.BufferedImage grid = simulator
        ? io.mjserverless.core.engine.simulator.SimulatorPictures.imagineGrid(7L, "a lighthouse", 1, 1, 32)
        : new java.awt.image.BufferedImage(64, 64, java.awt.image.BufferedImage.TYPE_INT_RGB);
    if (simulator) {
      grid = io.mjserverless.core.engine.simulator.SimulatorPictures.preview(grid, 50);
    }
    byte[] png = io.mjserverless.core.image.ImageOps.png(grid);
    java.awt.image.BufferedImage decoded = io.mjserverless.core.image.ImageOps.decode(png);
    for (java.awt.image.BufferedImage part : io.mjserverless.core.engine.simulator.SimulatorPictures.split(decoded)) {
      io.mjserverless.core.image.ImageOps.png(part);
    }
    io.mjserverless.core.image.ImageOps.png(io.mjserverless.core.image.ImageOps.thumbnail(decoded, 16));
  }
}
