// The base of core's constant nodes (text-constant.ts ... path-list.ts): no inputs, one param, run on the main thread.
export const constant = { version: 1, category: 'Core', runOn: 'main' as const };
