import type { Name } from './omani-names';

export interface Locality {
  governorate: Name;
  wilayat: Name;
  /** Omitted when the town carries the wilayat's own name. */
  area?: Name;
}

const G = {
  muscat: { en: 'Muscat', ar: 'مسقط' },
  northBatinah: { en: 'North Al Batinah', ar: 'شمال الباطنة' },
  southBatinah: { en: 'South Al Batinah', ar: 'جنوب الباطنة' },
  dakhiliyah: { en: 'Ad Dakhiliyah', ar: 'الداخلية' },
  northSharqiyah: { en: 'North Al Sharqiyah', ar: 'شمال الشرقية' },
  southSharqiyah: { en: 'South Al Sharqiyah', ar: 'جنوب الشرقية' },
  dhofar: { en: 'Dhofar', ar: 'ظفار' },
  dhahirah: { en: 'Ad Dhahirah', ar: 'الظاهرة' },
  buraimi: { en: 'Al Buraimi', ar: 'البريمي' },
  musandam: { en: 'Musandam', ar: 'مسندم' },
  wusta: { en: 'Al Wusta', ar: 'الوسطى' },
} satisfies Record<string, Name>;

const at = (governorate: Name, wilayat: string, area?: string): Locality => {
  const pair = (text: string): Name => {
    const [en, ar] = text.split('|').map((s) => s.trim());
    return { en, ar };
  };
  return { governorate, wilayat: pair(wilayat), ...(area ? { area: pair(area) } : {}) };
};

export const LOCALITIES: readonly Locality[] = [
  at(G.muscat, 'Bawshar | بوشر', 'Al Khuwair | الخوير'),
  at(G.muscat, 'Bawshar | بوشر', 'Al Ghubrah | الغبرة'),
  at(G.muscat, 'Bawshar | بوشر', 'Al Ansab | الأنصب'),
  at(G.muscat, 'Muttrah | مطرح', 'Ruwi | روي'),
  at(G.muscat, 'Muttrah | مطرح', 'Wadi Kabir | الوادي الكبير'),
  at(G.muscat, 'Seeb | السيب', 'Al Mabailah | المعبيلة'),
  at(G.muscat, 'Seeb | السيب', 'Al Khoud | الخوض'),
  at(G.muscat, 'Seeb | السيب', 'Al Hail | الحيل'),
  at(G.muscat, 'Al Amerat | العامرات'),
  at(G.muscat, 'Qurayyat | قريات'),
  at(G.northBatinah, 'Sohar | صحار', 'Falaj Al Qabail | فلج القبائل'),
  at(G.northBatinah, 'Sohar | صحار', 'Al Tareef | الطريف'),
  at(G.northBatinah, 'Shinas | شناص'),
  at(G.northBatinah, 'Saham | صحم'),
  at(G.northBatinah, 'Al Khaburah | الخابورة'),
  at(G.southBatinah, 'Rustaq | الرستاق'),
  at(G.southBatinah, 'Barka | بركاء', 'Al Rumais | الرميس'),
  at(G.southBatinah, 'Nakhal | نخل'),
  at(G.dakhiliyah, 'Nizwa | نزوى', 'Firq | فرق'),
  at(G.dakhiliyah, 'Nizwa | نزوى', 'Tanuf | تنوف'),
  at(G.dakhiliyah, 'Bahla | بهلاء'),
  at(G.dakhiliyah, 'Samail | سمائل'),
  at(G.dakhiliyah, 'Izki | إزكي'),
  at(G.northSharqiyah, 'Ibra | إبراء'),
  at(G.northSharqiyah, 'Al Mudhaibi | المضيبي'),
  at(G.southSharqiyah, 'Sur | صور', 'Al Ayjah | العيجة'),
  at(G.southSharqiyah, 'Jaalan Bani Bu Ali | جعلان بني بو علي'),
  at(G.dhofar, 'Salalah | صلالة', 'Al Saadah | السعادة'),
  at(G.dhofar, 'Salalah | صلالة', 'Al Dahariz | الدهاريز'),
  at(G.dhofar, 'Taqah | طاقة'),
  at(G.dhofar, 'Mirbat | مرباط'),
  at(G.dhahirah, 'Ibri | عبري'),
  at(G.buraimi, 'Al Buraimi | البريمي'),
  at(G.musandam, 'Khasab | خصب'),
  at(G.wusta, 'Duqm | الدقم'),
];

/** The permanent address as the registry prints it: house, way, area, wilayat, governorate. */
export function formatAddress(locality: Locality, house: number, way: number): Name {
  const { area, wilayat, governorate } = locality;
  return {
    en: [`House ${house}`, `Way ${way}`, ...(area ? [area.en] : []), `Wilayat ${wilayat.en}`, `${governorate.en} Governorate`].join(', '),
    ar: [`منزل ${house}`, `سكة ${way}`, ...(area ? [area.ar] : []), `ولاية ${wilayat.ar}`, `محافظة ${governorate.ar}`].join('، '),
  };
}
