/**
 * Key layouts for simple-keyboard, one per mode. Letters in the familiar QWERTY order (people who
 * know any keyboard know this one); rows short enough for keys of at least 72 px on a 1280 px wide
 * screen. Special keys in braces are simple-keyboard's convention.
 */
import type { KeyboardMode } from './text-editor';

export const LAYOUTS: Record<string, string[]> = {
  zh: ['q w e r t y u i o p {bksp}', 'a s d f g h j k l {enter}', 'z x c v b n m ， 。 {space}'],
  en: ['q w e r t y u i o p {bksp}', 'a s d f g h j k l {enter}', '{shift} z x c v b n m . {space}'],
  enUpper: ['Q W E R T Y U I O P {bksp}', 'A S D F G H J K L {enter}', '{shift} Z X C V B N M . {space}'],
  num: ['1 2 3 4 5 6 7 8 9 0 {bksp}', '. - + × ÷ = % / : {enter}', '( ) ￥ 元 # {space}'],
  punct: ['， 。 、 ； ： ？ ！ … {bksp}', '“ ” ‘ ’ （ ） 《 》 {enter}', '— · - _ @ / ~ {space}'],
};

export const layoutName = (mode: KeyboardMode, upper: boolean): string => (mode === 'en' && upper ? 'enUpper' : mode);

/** Stable test ids: kb-key-a, kb-key-backspace, kb-key-，(the character itself for the rest). */
export function keyTestId(button: string): string {
  const special: Record<string, string> = { '{bksp}': 'backspace', '{space}': 'space', '{enter}': 'enter', '{shift}': 'shift' };
  return `kb-key-${special[button] ?? button}`;
}

export const allButtons = (): string[] => [...new Set(Object.values(LAYOUTS).flatMap((rows) => rows.flatMap((row) => row.split(' '))))];
