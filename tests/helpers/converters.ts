import { type ConverterFactory, ValidationError } from '../../lib/routing/converters.ts';

/** A custom converter that refuses odd numbers, as converters with checks in `toValue` do. */
export const even: ConverterFactory = () => ({
  regex: '\\d+',
  weight: 50,
  toValue(raw) {
    const value = Number(raw);
    if (value % 2 !== 0) throw new ValidationError();
    return value;
  },
  toUrl: String,
});
