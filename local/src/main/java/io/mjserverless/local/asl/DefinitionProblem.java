package io.mjserverless.local.asl;

/** A problem with one field of a state, found while loading a definition; the loader adds the state name. */
final class DefinitionProblem extends RuntimeException {
  final String field;

  /** @param text what is wrong, completing "field "F" ...", e.g. "is not supported" */
  DefinitionProblem(String field, String text) {
    super(text, null, false, false);
    this.field = field;
  }

  String describe(String stateName) {
    String where = stateName == null ? "state machine" : "state \"" + stateName + "\"";
    return where + ": field \"" + field + "\" " + getMessage();
  }
}
