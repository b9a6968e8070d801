/**
 * The configuration vocabulary every stage shares: {@link ai.sail.config.Choice}, an enum value
 * with the spelling users type and one parser whose error names the field and the allowed values.
 * Depends on nothing else in Sail, so any stage may use it.
 */
package ai.sail.config;
