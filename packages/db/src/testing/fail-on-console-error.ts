// An unexpected console.error fails the test. A test that expects one clears the spy's calls
// (`vi.mocked(console.error).mockClear()`) after asserting on them.
import { afterEach, vi } from "vitest";

const spy = vi.spyOn(console, "error");

afterEach(() => {
  const calls = [...spy.mock.calls];
  spy.mockClear();
  if (calls.length > 0) {
    throw new Error(`console.error was called:\n${calls.map((c) => c.map(String).join(" ")).join("\n")}`);
  }
});
