import { describe, expect, it } from 'vitest';
import { markdownText } from '../../src/report/markdown-escape.js';
import { stripControl } from '../../src/report/terminal-text.js';

describe('markdownText', () => {
  it('makes HTML and Markdown in names inert text', () => {
    expect(markdownText('<img src=x onerror=alert(1)> & "q"')).toBe('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;');
    expect(markdownText('**Bold** _em_ `code` [link](http://x) a|b ~~s~~ # h')).toBe('\\*\\*Bold\\*\\* \\_em\\_ \\`code\\` \\[link\\](http://x) a\\|b \\~\\~s\\~\\~ \\# h');
    expect(markdownText('two\nlines\r\nhere')).toBe('two lines here');
  });

  it('leaves plain names alone', () => {
    expect(markdownText('WebSocket 1.5 KiB/cycle (p=0.01)')).toBe('WebSocket 1.5 KiB/cycle (p=0.01)');
  });
});

describe('stripControl', () => {
  it('removes CSI and OSC sequences and control characters, keeps newlines and tabs', () => {
    expect(stripControl('evil\x1b[31mred\x1b[0m\x1b]0;pwned\x07\x1b[2J\tok\n')).toBe('evilred\tok\n');
    expect(stripControl('a\rb\x08c\x9bd\x7f')).toBe('abcd');
  });
});
