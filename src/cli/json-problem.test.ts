import { describe, expect, it } from 'vitest';
import { jsonProblem } from './json-problem.js';

describe('jsonProblem', () => {
  it.each([
    ['{\n  "a": 1,\n  "b" [1]\n}', { line: 3, col: 7, message: 'expected ":" after a key' }],
    ['{"a": 1,}', { line: 1, col: 9, message: 'expected a key in double quotes' }],
    ['{"a": [1, 2}', { line: 1, col: 12, message: 'expected "," or "]"' }],
    ['{"a": "x', { line: 1, col: 9, message: 'a string is not closed with "' }],
    ['{"a": 1', { line: 1, col: 8, message: 'the file ends too early' }],
    ['', { line: 1, col: 1, message: 'the file ends too early' }],
    ["{'a': 1}", { line: 1, col: 2, message: 'expected a key in double quotes' }],
    ['{"a": yes}', { line: 1, col: 7, message: 'unexpected "y"' }],
    ['{"a": 1} x', { line: 1, col: 10, message: 'more text after the JSON value' }],
  ])('finds where %j stops being JSON', (text, problem) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonProblem(text)).toEqual(problem);
  });
});
