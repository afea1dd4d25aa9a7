import { defineConfig } from "vitest/config";

// argon2id hashing and the first zxcvbn check (it builds its dictionaries) are slow on a busy machine.
export default defineConfig({ test: { testTimeout: 30_000 } });
