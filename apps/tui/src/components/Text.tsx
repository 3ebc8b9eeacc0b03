import type { TextProps } from 'ink';
import { Text as InkText } from 'ink';
import { Children } from 'react';
import { visible } from '../text.js';

/**
 * Ink's Text with every string child escaped by `visible`: the only Text the views use (eslint
 * forbids importing Ink's), so no string from the API reaches the terminal with a control
 * character in it, whichever screen shows it.
 */
export function Text({ children, ...props }: TextProps) {
  return (
    <InkText {...props}>
      {Children.map(children, (child) => (typeof child === 'string' ? visible(child) : child))}
    </InkText>
  );
}
