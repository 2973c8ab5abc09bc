import { DEFAULT_SETTINGS, SettingsSchema, type Settings, type StoreBackend } from '../store/store-schema';

/**
 * Reads and writes the `settings` key of the store. Reading never fails: a field that a newer version or a hand
 * edit left invalid falls back to its default for this run, but is left untouched on disk until the user changes
 * that very setting (a settings file is never overwritten with less than it had).
 */
export class SettingsService {
  constructor(private readonly store: StoreBackend) {}

  get(): Settings {
    const stored = this.readRaw();
    const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const key of Object.keys(SettingsSchema.shape) as (keyof Settings)[]) {
      const field = SettingsSchema.shape[key].safeParse(stored[key]);
      if (field.success) settings[key] = field.data;
    }
    return settings as Settings;
  }

  /** Applies a validated partial change and returns the settings after it. Unknown stored keys are kept. */
  set(patch: Partial<Settings>): Settings {
    const stored = this.readRaw();
    this.store.set('settings', { ...stored, ...patch });
    return this.get();
  }

  private readRaw(): Record<string, unknown> {
    const raw = this.store.get('settings');
    return raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  }
}
