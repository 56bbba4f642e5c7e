package io.mjserverless.local.template;

/**
 * A global secondary index of a table.
 *
 * @param name IndexName
 * @param hashKey the HASH attribute
 * @param rangeKey the RANGE attribute, or null
 * @param projectionType ALL or KEYS_ONLY (INCLUDE is rejected at load: its attribute list has no place here)
 */
public record IndexDef(String name, String hashKey, String rangeKey, String projectionType) {}
