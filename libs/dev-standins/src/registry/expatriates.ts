import { nameTable, type Name } from './omani-names';

/** Residents' home countries, with names as the registry writes them in both scripts. */
export interface ExpatriateOrigin {
  nationality: string;
  male: Name[];
  female: Name[];
  family: Name[];
  /** Whether the full name carries the father's name between given and family name. */
  fatherInName: boolean;
  /** Passport number shape: `A` a capital letter, `9` a digit (synthetic shapes, not the real ones). */
  passportShape: string;
  /** Range of avatar skin tones (0 lightest … 5 darkest), only so that photos look varied. */
  skinTones: [number, number];
}

export const EXPATRIATE_ORIGINS: readonly ExpatriateOrigin[] = [
  {
    nationality: 'IND',
    male: nameTable(`Rajesh | راجيش\nSuresh | سوريش\nAnil | أنيل\nVijay | فيجاي\nArun | أرون\nKumar | كومار`),
    female: nameTable(`Priya | بريا\nAnjali | أنجالي\nDeepa | ديبا\nLakshmi | لاكشمي`),
    family: nameTable(`Nair | ناير\nMenon | مينون\nPillai | بيلاي\nSharma | شارما\nKurian | كوريان`),
    fatherInName: true,
    passportShape: 'A9999999',
    skinTones: [2, 5],
  },
  {
    nationality: 'PAK',
    male: nameTable(`Asif | آصف\nBilal | بلال\nImran | عمران\nTahir | طاهر\nMahmood | محمود`),
    female: nameTable(`Sana | ثناء\nAyesha | عائشة\nNadia | نادية`),
    family: nameTable(`Iqbal | إقبال\nQureshi | قريشي\nMalik | مالك\nChaudhry | تشودري`),
    fatherInName: true,
    passportShape: 'AA9999999',
    skinTones: [1, 3],
  },
  {
    nationality: 'BGD',
    male: nameTable(`Abdul Karim | عبدالكريم\nRafiq | رفيق\nJamal | جمال\nMohammad | محمد`),
    female: nameTable(`Nasrin | نسرين\nFarzana | فرزانة\nRehana | ريحانة`),
    family: nameTable(`Hossain | حسين\nRahman | رحمن\nAkter | أختر\nUddin | الدين`),
    fatherInName: false,
    passportShape: 'AA9999999',
    skinTones: [3, 5],
  },
  {
    nationality: 'EGY',
    male: nameTable(`Ahmed | أحمد\nMahmoud | محمود\nMostafa | مصطفى\nSherif | شريف\nHassan | حسن`),
    female: nameTable(`Mona | منى\nDina | دينا\nHeba | هبة`),
    family: nameTable(`Abdelrahman | عبدالرحمن\nElsayed | السيد\nFarouk | فاروق\nMansour | منصور`),
    fatherInName: true,
    passportShape: 'A99999999',
    skinTones: [1, 3],
  },
  {
    nationality: 'PHL',
    male: nameTable(`Jose | خوسيه\nMark | مارك\nRamon | رامون`),
    female: nameTable(`Maria | ماريا\nGrace | جريس\nJoy | جوي\nCristina | كريستينا`),
    family: nameTable(`Santos | سانتوس\nReyes | رييس\nDela Cruz | ديلا كروز\nBautista | باوتيستا\nGarcia | غارسيا`),
    fatherInName: false,
    passportShape: 'A9999999A',
    skinTones: [1, 3],
  },
  {
    nationality: 'GBR',
    male: nameTable(`James | جيمس\nDavid | ديفيد\nThomas | توماس`),
    female: nameTable(`Sarah | سارة\nEmily | إميلي\nClaire | كلير`),
    family: nameTable(`Wilson | ويلسون\nThompson | طومسون\nClarke | كلارك\nEvans | إيفانز`),
    fatherInName: false,
    passportShape: '999999999',
    skinTones: [0, 1],
  },
  {
    nationality: 'JOR',
    male: nameTable(`Omar | عمر\nKhaled | خالد\nYazan | يزن\nSami | سامي`),
    female: nameTable(`Rania | رانيا\nLina | لينا\nDana | دانا`),
    family: nameTable(`Haddad | حداد\nOdeh | عودة\nKhalil | خليل\nNasser | ناصر`),
    fatherInName: true,
    passportShape: 'A999999',
    skinTones: [0, 2],
  },
  {
    nationality: 'LKA',
    male: nameTable(`Nimal | نيمال\nRuwan | روان\nChaminda | تشاميندا`),
    female: nameTable(`Kumari | كوماري\nDilani | ديلاني\nNirosha | نيروشا`),
    family: nameTable(`Perera | بيريرا\nFernando | فرناندو\nSilva | سيلفا\nJayasinghe | جاياسينغ`),
    fatherInName: false,
    passportShape: 'A9999999',
    skinTones: [3, 5],
  },
];

export function expatriateOrigin(nationality: string): ExpatriateOrigin {
  const origin = EXPATRIATE_ORIGINS.find((o) => o.nationality === nationality);
  if (!origin) throw new RangeError(`no expatriate origin ${nationality}`);
  return origin;
}
