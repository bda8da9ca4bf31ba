/**
 * Small pieces every feature uses: ids, the error hierarchy and the transaction interfaces. It
 * depends on nothing else in Parley.
 */
package chat.parley.common;
