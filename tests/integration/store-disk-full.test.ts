import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openKioskStore } from '../../electron/core/store/index.ts';
import { sampleInput } from '../../electron/core/store/testing.ts';

/**
 * A real full disk: a 3 MiB tmpfs (needs root with CAP_SYS_ADMIN; skipped otherwise). The unit
 * tests inject ENOSPC into each file step and SQLITE_FULL via max_page_count; this one lets the
 * kernel say it.
 */
const mountPoint = mkdtempSync(join(tmpdir(), 'store-tmpfs-'));
const mounted = (() => {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m,mode=0700', 'tmpfs', mountPoint], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

afterAll(() => {
  if (mounted) execFileSync('umount', [mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
});

describe.skipIf(!mounted)('store on a full disk (tmpfs)', () => {
  it('answers disk_full, keeps every stored application whole, and works again once space is freed', () => {
    const paths = { dbFile: join(mountPoint, 'kiosk.db'), attachmentsDir: join(mountPoint, 'attachments') };
    const clock = { t: Date.now() };
    const opened = openKioskStore({ ...paths, key: randomBytes(32), now: () => clock.t });
    if (!opened.ok) throw new Error(opened.error.code);
    const store = opened.value;
    const filler = join(mountPoint, 'filler');

    let stored = 0;
    let outcome: string | null = null;
    for (let i = 0; i < 100 && outcome === null; i += 1) {
      const result = store.submitApplication(sampleInput({ attachmentBytes: [randomBytes(250_000), randomBytes(250_000), randomBytes(20_000)] }));
      if (result.ok) stored += 1;
      else outcome = result.error.code;
    }
    expect(outcome).toBe('disk_full');
    expect(stored).toBeGreaterThan(0);

    // Everything that was stored is complete; nothing of the failed one is left.
    const recent = store.listRecent(1000);
    expect(recent).toHaveLength(stored);
    const files = new Set<string>();
    for (const { applicationId } of recent) {
      for (const a of store.getApplication(applicationId)!.attachments) {
        expect(store.readAttachment(a.id).ok).toBe(true);
        files.add(`${a.id}.att`);
      }
    }
    expect(readdirSync(paths.attachmentsDir).sort()).toEqual([...files].sort());
    expect(stored).toBeLessThan(100);

    // Small submits may still fit in the last bytes; a filler takes them so the WAL itself hits the wall.
    try {
      writeFileSync(filler, randomBytes(3 * 1024 * 1024));
    } catch {
      // partial filler is fine: the disk is now full to the byte
    }
    const tiny = store.submitApplication(sampleInput({ attachmentBytes: [], buildPayload: () => ({ text: 'x'.repeat(50_000) }) }));
    expect(tiny).toEqual({ ok: false, error: { code: 'disk_full' } });
    rmSync(filler, { force: true });

    // Space comes back the way it will in the field: an uploaded application past its retention is purged.
    clock.t += 40 * 86_400_000;
    expect(store.purgeExpired(30)).toEqual({ applications: 0, files: 0 }); // nothing uploaded: nothing may go
    store.markOutboxDone(recent[0]!.applicationId, 'A-1');
    clock.t += 31 * 86_400_000;
    expect(store.purgeExpired(30)).toEqual({ applications: 1, files: 3 });
    const again = store.submitApplication(sampleInput({ attachmentBytes: [randomBytes(100_000)] }));
    expect(again.ok).toBe(true);
    store.close();
  });
});
