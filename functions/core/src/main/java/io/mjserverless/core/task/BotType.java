package io.mjserverless.core.task;

/** Which bot a task is for; INSIGHT_FACE marks face-swap tasks. */
public enum BotType {
  MID_JOURNEY, NIJI_JOURNEY, INSIGHT_FACE
}
