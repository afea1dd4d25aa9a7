import shared from "@tradecraft/config/eslint";

// Playwright fixtures call `use(...)`, which the React hooks rule mistakes for a hook.
export default [...shared, { rules: { "react-hooks/rules-of-hooks": "off" } }];
