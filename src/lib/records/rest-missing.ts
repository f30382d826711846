/** Twilio's "not found" through the `twilio` client: what the Functions and the CLI tools both treat as "no such resource". */

/** The resource, or undefined when Twilio answers 404 (error 20404); any other failure is thrown. */
export async function unlessMissing<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (error) {
    const { status, code } = (error ?? {}) as { status?: unknown; code?: unknown };
    if (status === 404 || code === 20404) return undefined;
    throw error;
  }
}
