/**
 * Errors every layer may raise. This file sits at the bottom of the import graph
 * (it imports nothing), so the docs store, the Prefect helpers and the tools can all
 * throw a ToolError without depending on the tool layer.
 */

/** An error whose message is meant for the assistant: returned as an `isError` result, never thrown to the client. */
export class ToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolError';
  }
}
