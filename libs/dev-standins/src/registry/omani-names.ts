/** A name in both scripts: the Latin as the registry transliterates it. */
export interface Name {
  en: string;
  ar: string;
}

const names = (pairs: string): Name[] =>
  pairs
    .trim()
    .split('\n')
    .map((line) => {
      const [en, ar] = line.split('|').map((part) => part.trim());
      return { en, ar };
    });

export const OMANI_MALE_NAMES = names(`
  Salim | سالم
  Nasser | ناصر
  Mohammed | محمد
  Ahmed | أحمد
  Ali | علي
  Khalid | خالد
  Said | سعيد
  Saif | سيف
  Hamad | حمد
  Khalfan | خلفان
  Sulaiman | سليمان
  Abdullah | عبدالله
  Yousuf | يوسف
  Hilal | هلال
  Mazin | مازن
  Fahad | فهد
  Tariq | طارق
  Badr | بدر
  Hamood | حمود
  Rashid | راشد
  Mansoor | منصور
  Zahir | زاهر
  Masoud | مسعود
  Haitham | هيثم
  Omar | عمر
  Ibrahim | إبراهيم
  Juma | جمعة
  Mubarak | مبارك
  Sultan | سلطان
  Qais | قيس
`);

export const OMANI_FEMALE_NAMES = names(`
  Fatma | فاطمة
  Aisha | عائشة
  Maryam | مريم
  Zainab | زينب
  Shaikha | شيخة
  Moza | موزة
  Nawal | نوال
  Raya | ريا
  Amal | أمل
  Buthaina | بثينة
  Khawla | خولة
  Salma | سلمى
  Muna | منى
  Huda | هدى
  Laila | ليلى
  Rahma | رحمة
  Thuraya | ثريا
  Jokha | جوخة
  Asma | أسماء
  Noora | نورة
  Badriya | بدرية
  Azza | عزة
  Sharifa | شريفة
  Maitha | ميثاء
  Wafa | وفاء
`);

/** Tribal family names (nisba), in the masculine form; `familyNameAr` gives a woman's form. */
export const OMANI_FAMILY_NAMES = names(`
  Al Harthy | الحارثي
  Al Balushi | البلوشي
  Al Hinai | الهنائي
  Al Rawahi | الرواحي
  Al Busaidi | البوسعيدي
  Al Kindi | الكندي
  Al Maamari | المعمري
  Al Shukaili | الشكيلي
  Al Siyabi | السيابي
  Al Amri | العامري
  Al Riyami | الريامي
  Al Ghafri | الغافري
  Al Jabri | الجابري
  Al Hashmi | الهاشمي
  Al Lawati | اللواتي
  Al Farsi | الفارسي
  Al Mahrouqi | المحروقي
  Al Habsi | الحبسي
  Al Wahaibi | الوهيبي
  Al Abri | العبري
  Al Saadi | السعدي
  Al Mukhaini | المخيني
  Al Nabhani | النبهاني
  Al Rashdi | الراشدي
  Al Zadjali | الزدجالي
  Al Kharusi | الخروصي
  Al Maqbali | المقبالي
  Al Shehhi | الشحي
  Al Battashi | البطاشي
  Al Kalbani | الكلباني
  Al Yahyai | اليحيائي
  Al Maawali | المعولي
  Al Araimi | العريمي
`);

/** A woman's nisba takes the feminine ending: الحارثي → الحارثية. */
export function familyNameAr(family: Name, gender: 'Male' | 'Female'): string {
  return gender === 'Female' && family.ar.endsWith('ي') ? `${family.ar}ة` : family.ar;
}

/**
 * The registry's full name: given name, father's, grandfather's, tribe. The Arabic links generations
 * with بن / بنت; the Latin transliteration, as on the card, leaves them out.
 */
export function omaniFullName(given: Name, father: Name, grandfather: Name, family: Name, gender: 'Male' | 'Female'): Name {
  const link = gender === 'Female' ? 'بنت' : 'بن';
  return {
    en: `${given.en} ${father.en} ${grandfather.en} ${family.en}`,
    ar: `${given.ar} ${link} ${father.ar} بن ${grandfather.ar} ${familyNameAr(family, gender)}`,
  };
}

export { names as nameTable };
