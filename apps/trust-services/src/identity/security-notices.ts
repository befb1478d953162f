import type { IdentityEvent, IdentityEventSink, IdentityStore } from '@theqa/identity';
import type { PushNotifier } from '@theqa/integrations';
import type { Bilingual } from '@theqa/kernel';

const NOTICES: Record<string, Bilingual> = {
  'device.added': { ar: 'أُضيف جهاز جديد إلى هويتك الرقمية.', en: 'A new device was added to your digital identity.' },
  'pin.blocked': { ar: 'حُظر الرقم السري بعد ثلاث محاولات خاطئة.', en: 'Your PIN was blocked after three wrong entries.' },
  'pin.changed': { ar: 'تم تغيير الرقم السري.', en: 'Your PIN was changed.' },
  'pin.reset': { ar: 'تمت إعادة تعيين الرقم السري.', en: 'Your PIN was reset.' },
  'upgrade.completed': { ar: 'رُفعت هويتك الرقمية إلى المستوى المرتفع، وأصبح لأحد أجهزتك مفتاح توقيع.', en: 'Your digital identity was raised to the high level; one of your devices now holds a signing key.' },
};

/**
 * Records identity events, then tells every device of the person about the ones they must know of (a
 * new device, a PIN blocked, changed or reset, the identity raised to HIGH), as banks do: the person learns at once if it was not them.
 * A failed push never fails the event: delivery is best effort.
 */
export class SecurityNotices implements IdentityEventSink {
  constructor(
    private readonly sink: IdentityEventSink,
    private readonly identities: IdentityStore,
    private readonly push: PushNotifier,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  async record(event: IdentityEvent): Promise<void> {
    await this.sink.record(event);
    const alert = NOTICES[event.action];
    if (!alert) return;
    try {
      for (const device of await this.identities.devices(event.civilNumber)) {
        if (device.status !== 'active') continue;
        await this.push.notify(device.serial, { type: 'security-notice', alert, data: { event: event.action, device: event.device ?? null } }, { ttlSeconds: 7 * 86_400 });
      }
    } catch (error) {
      this.onError(error);
    }
  }
}
