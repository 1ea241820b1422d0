/**
 * Text inputs that are safe for Vietnamese IMEs (Telex/VNI via Unikey, EVKey, OpenKey, and the
 * OS composition IMEs): uncontrolled, so nothing ever writes the value back while staff
 * type; `onValue` fires on input outside composition and once more when composition ends.
 * To load other content, re-mount the field with a new `key`.
 */
import type { TargetedEvent } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { readDateField } from '../lib/dates.js';
import { vi } from '../vi.js';

type Typed = HTMLInputElement | HTMLTextAreaElement;

function useImeSafeInput<T extends Typed>(onValue: (value: string) => void) {
  return {
    onInput: (event: TargetedEvent<T, Event>) => {
      if ((event as unknown as InputEvent).isComposing) return;
      onValue(event.currentTarget.value);
    },
    onCompositionEnd: (event: TargetedEvent<T, CompositionEvent>) => onValue(event.currentTarget.value),
  };
}

interface CommonProps {
  readonly label: string;
  /** The value at mount; later changes are ignored (re-mount with a new key instead). */
  readonly initial?: string;
  readonly onValue: (value: string) => void;
  readonly hint?: string;
  /** Shown under the field and marks it invalid. */
  readonly error?: string | undefined;
  readonly testId?: string;
  readonly placeholder?: string;
  readonly required?: boolean;
  readonly disabled?: boolean;
  /** Hide the label visually (it stays the accessible name). */
  readonly hideLabel?: boolean;
  readonly focusOnMount?: boolean;
  readonly onBlur?: () => void;
}

export interface TextFieldProps extends CommonProps {
  readonly type?: 'text' | 'email' | 'password' | 'search';
  readonly autoComplete?: string;
  readonly inputMode?: 'text' | 'numeric' | 'email' | 'search';
  readonly list?: string;
  readonly maxLength?: number;
}

export function TextField(props: TextFieldProps) {
  const id = useId();
  const [initial] = useState(props.initial ?? '');
  const ref = useRef<HTMLInputElement>(null);
  const handlers = useImeSafeInput<HTMLInputElement>(props.onValue);
  useEffect(() => {
    if (props.focusOnMount) ref.current?.focus();
  }, []);
  const describedBy = props.error ? `${id}-error` : props.hint ? `${id}-hint` : undefined;
  const attributes = {
    ref,
    id,
    defaultValue: initial,
    placeholder: props.placeholder,
    autoComplete: props.autoComplete,
    inputMode: props.inputMode,
    maxLength: props.maxLength,
    required: props.required,
    disabled: props.disabled,
    'aria-invalid': props.error ? true : undefined,
    'aria-describedby': describedBy,
    'data-testid': props.testId,
    onBlur: props.onBlur,
    ...handlers,
  };
  return (
    <label for={id} class={props.hideLabel ? 'label-hidden' : undefined}>
      <span class="label-text">{props.label}</span>
      {props.type === 'password' ? (
        <input type="password" {...attributes} />
      ) : (
        <input type={props.type ?? 'text'} list={props.list} {...attributes} />
      )}
      <FieldNote id={id} error={props.error} hint={props.hint} />
    </label>
  );
}

/** The error under a field, or else its hint (the ids `aria-describedby` names). */
function FieldNote(props: { id: string; error?: string | undefined; hint?: string | undefined }) {
  if (props.error)
    return (
      <small id={`${props.id}-error`} class="field-error">
        {props.error}
      </small>
    );
  return props.hint ? <small id={`${props.id}-hint`}>{props.hint}</small> : null;
}

export interface TextAreaProps extends CommonProps {
  readonly rows?: number;
}

export function TextArea(props: TextAreaProps) {
  const id = useId();
  const [initial] = useState(props.initial ?? '');
  const handlers = useImeSafeInput<HTMLTextAreaElement>(props.onValue);
  const describedBy = props.error ? `${id}-error` : props.hint ? `${id}-hint` : undefined;
  return (
    <label for={id}>
      <span class="label-text">{props.label}</span>
      <textarea
        id={id}
        rows={props.rows ?? 8}
        defaultValue={initial}
        placeholder={props.placeholder}
        required={props.required}
        disabled={props.disabled}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy}
        data-testid={props.testId}
        onBlur={props.onBlur}
        {...handlers}
      />
      <FieldNote id={id} error={props.error} hint={props.hint} />
    </label>
  );
}

/**
 * A dd/mm/yyyy text field (not <input type="date">, which follows the OS locale). Says when
 * the text is not a date once the field loses focus.
 */
export function DateField(props: Omit<TextFieldProps, 'type' | 'inputMode' | 'placeholder'>) {
  const [text, setText] = useState(props.initial ?? '');
  const [touched, setTouched] = useState(false);
  const invalid = readDateField(text).kind === 'invalid';
  return (
    <TextField
      {...props}
      placeholder={vi.date.placeholder}
      inputMode="numeric"
      maxLength={10}
      error={props.error ?? (touched && invalid ? vi.date.invalid : undefined)}
      onValue={(value) => {
        setText(value);
        props.onValue(value);
      }}
      onBlur={() => {
        setTouched(true);
        props.onBlur?.();
      }}
    />
  );
}
