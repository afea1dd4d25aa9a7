export { default } from "@tradecraft/config/eslint";
