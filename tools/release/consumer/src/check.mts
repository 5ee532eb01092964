// Shared by the ESM scenario: a result must be a 2xx with a body, or the smoke test fails with what came back.
export function expectData<T>(label: string, result: { data?: T; error?: unknown; response: Response }): T {
  if (!result.response.ok || result.data === undefined) {
    throw new Error(`${label}: HTTP ${result.response.status} ${JSON.stringify(result.error ?? null)}`);
  }
  console.log(`ok ${label}: HTTP ${result.response.status}`);
  return result.data;
}
