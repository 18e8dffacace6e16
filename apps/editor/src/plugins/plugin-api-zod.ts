// What a user node package imports as 'zod' in the browser. Built as /plugin-api/zod.js.
export * from 'zod';
