export { default } from "./packages/config/prettier.config.js";
