// An unexpected console.error fails the test (tests that expect one spy on it first).
import { afterEach, vi } from "vitest";

const spy = vi.spyOn(console, "error");

afterEach(() => {
  const calls = spy.mock.calls;
  spy.mockClear();
  if (calls.length > 0 && vi.isMockFunction(console.error) && console.error === spy) {
    throw new Error(`console.error was called:\n${calls.map((c) => c.map(String).join(" ")).join("\n")}`);
  }
});
