import { type CSSVariablesResolver, createTheme, Modal } from '@mantine/core';

// Darker primary shades keep text on filled buttons above WCAG AA contrast.
export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: 7,
  autoContrast: true,
  components: {
    // The modal's × button has only an icon: give it a name (axe: button-name).
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
  },
});

const COLORS = ['indigo', 'blue', 'teal', 'grape', 'gray', 'red', 'green', 'orange', 'violet', 'cyan'];

/**
 * Mantine's defaults put dimmed text (gray.6) and light/outline badge and NavLink text (shade 6) on
 * white at about 3:1; axe-core checks WCAG AA (4.5:1), so the console uses the darkest shades.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  dark: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-yellow-light-color': '#7a4a00',
    '--mantine-color-yellow-outline': '#7a4a00',
    // The active NavLink under the pointer sits on indigo.2, where indigo.9 is 4.1:1.
    '--mantine-primary-color-light-color': '#1f2a70',
    ...Object.fromEntries(
      COLORS.flatMap((c) => [
        [`--mantine-color-${c}-light-color`, `var(--mantine-color-${c}-9)`],
        [`--mantine-color-${c}-outline`, `var(--mantine-color-${c}-9)`],
      ]),
    ),
    // teal.9 and green.9 on their own light tint are just under 4.5:1 on a striped row.
    '--mantine-color-teal-light-color': '#065f46',
    '--mantine-color-green-light-color': '#1b5e20',
    // A field's error text (red.6, 3.3:1) and white on a filled red button (red.7, 3.8:1) fall short too.
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-red-filled': 'var(--mantine-color-red-9)',
    '--mantine-color-red-filled-hover': '#a61e1e',
  },
});
