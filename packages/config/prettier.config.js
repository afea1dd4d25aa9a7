/** Shared Prettier settings for the monorepo. */
export default { printWidth: 100, singleQuote: false, trailingComma: "all" };
