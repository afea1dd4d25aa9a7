// market.news, market.sentiment, market.analyze and market.summary (issue 14). Spread into the
// market router (router.ts) so news and quotes can grow apart.
export const newsProcedures = {};
