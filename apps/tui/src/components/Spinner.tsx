import { Text } from './Text.js';
import { useEffect, useState } from 'react';
import { useTheme } from '../theme.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function Spinner({ label }: { label: string }) {
  const theme = useTheme();
  const [frame, setFrame] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => {
      setFrame((current) => (current + 1) % FRAMES.length);
    }, 100);
    return () => {
      clearInterval(timer);
    };
  }, []);
  return (
    <Text>
      <Text color={theme.accent}>{FRAMES[frame]}</Text> {label}
    </Text>
  );
}
