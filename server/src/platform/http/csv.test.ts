import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvCell, csvText } from './csv.js';

describe('the CSV writer', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+SUM(A1)', "'+SUM(A1)"],
    ['-x', "'-x"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['-1.5', '-1.5'],
    [-3, '-3'],
    [null, ''],
    [undefined, ''],
    [true, 'true'],
    ['Alpha BPO', 'Alpha BPO'],
  ])('neutralises a cell a spreadsheet would run as a formula: %j → %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('quotes only where a cell needs it, CRLF after every line, and reads back as written', () => {
    const rows = [
      ['a,b', 'q"x', 'line\nbreak', 'cr\ronly', 'plain', 0],
      [null, '=2*3', '', 'ü', -1, 1e21],
    ];
    const text = csvText(['h1', 'h,2', 'h3', 'h4', 'h5', 'h6'], rows);
    expect(text).toBe(
      'h1,"h,2",h3,h4,h5,h6\r\n' +
        '"a,b","q""x","line\nbreak","cr\ronly",plain,0\r\n' +
        ",'=2*3,,ü,-1,1e+21\r\n",
    );
    expect(parse(text)).toEqual([
      ['h1', 'h,2', 'h3', 'h4', 'h5', 'h6'],
      ['a,b', 'q"x', 'line\nbreak', 'cr\ronly', 'plain', '0'],
      ['', "'=2*3", '', 'ü', '-1', '1e+21'],
    ]);
  });
});
