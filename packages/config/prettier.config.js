/** Shared Prettier settings for the monorepo. */
export default { printWidth: 120, singleQuote: false, trailingComma: "all" };
