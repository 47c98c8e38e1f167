/**
 * Constraint validation as the API model states it (required members, length, range, pattern, enum), with AWS's
 * own message: "N validation errors detected: Value '…' at '…' failed to satisfy constraint: …; …".
 */
package dev.overcast.common.protocol.validation;
