package io.mjserverless.core.engine.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.function.UnaryOperator;

/** What one task becomes at an OpenAI-compatible provider ({@link OpenAiJobs} decides). */
public sealed interface OpenAiJob {

  /** Notes for the task's properties (the size asked for, who resampled an upscale). */
  Map<String, String> properties();

  /** Pictures from the image model: {@code request.count()} of them (4 for a grid, 1 for a single picture). */
  record Pictures(PictureRequest request, Map<String, String> properties) implements OpenAiJob {}

  /** A picture we make ourselves from pictures we already hold (U1-U4, an upscale without a model). */
  record Local(BufferedImage picture, Map<String, String> properties) implements OpenAiJob {}

  /** Text from the chat model; {@code answer} turns its reply into the task's text (describe, shorten). */
  record Chat(ObjectNode body, UnaryOperator<String> answer, Map<String, String> properties) implements OpenAiJob {}
}
