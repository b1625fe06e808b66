/**
 * Demo cards for the simulator, the dev dock, e2e tests and benchmarks. All people, numbers and
 * addresses are invented: names and addresses say 演示/示例 so that nobody mistakes a screenshot for
 * real data. ID numbers carry correct GB 11643 check characters where the card is meant to be
 * valid, so that the whole validation path is exercised.
 */
import { encodeCardText } from '../../../../domain/idcard/card-text.ts';
import { gb11643CheckChar } from '../../../../domain/idcard/id-number.ts';
import type { IdCardData } from '../../../../domain/idcard/types.ts';
import { PHOTO_LENGTH } from './codec.ts';

/** What the kiosk should make of the card (for tests and for the dev dock's hints). */
export type DemoCardExpectation = 'valid' | 'expired' | 'invalid_id_number';

export interface DemoCardEntry {
  /** Stable id: lowercase letters, digits and dashes (it names the placeholder image). */
  readonly id: string;
  /** Short Chinese label for the dev dock. */
  readonly label: string;
  readonly expect: DemoCardExpectation;
  readonly data: IdCardData;
}

const base = {
  englishName: null,
  nationCode: null,
  nation: null,
  nationality: null,
  address: null,
  passNumber: null,
  issueCount: null,
} as const;

export const DEMO_CARDS: readonly DemoCardEntry[] = [
  {
    id: 'resident-young-man',
    label: '有效身份证 (青年男性)',
    expect: 'valid',
    data: {
      ...base,
      cardType: 'resident',
      name: '陈子演',
      sex: 'male',
      nationCode: '01',
      nation: '汉族',
      birthDate: '2001-03-15',
      address: '北京市朝阳区演示路1号示例小区2号楼301室',
      idNumber: '110105200103159997',
      issuer: '北京市公安局朝阳分局',
      validFrom: '2021-05-10',
      validTo: '2031-05-10',
    },
  },
  {
    id: 'resident-elderly-woman',
    label: '有效身份证 (老年女性, 长期)',
    expect: 'valid',
    data: {
      ...base,
      cardType: 'resident',
      name: '王秀示',
      sex: 'female',
      nationCode: '01',
      nation: '汉族',
      birthDate: '1948-06-20',
      address: '浙江省杭州市西湖区示例街道样本巷8号',
      idNumber: '330106194806209988',
      issuer: '杭州市公安局西湖分局',
      validFrom: '2012-09-01',
      validTo: 'long_term',
    },
  },
  {
    id: 'resident-mongol-woman',
    label: '有效身份证 (中年女性, 蒙古族)',
    expect: 'valid',
    data: {
      ...base,
      cardType: 'resident',
      name: '其其格演示',
      sex: 'female',
      nationCode: '02',
      nation: '蒙古族',
      birthDate: '1979-09-05',
      address: '内蒙古自治区呼和浩特市新城区演示大街66号',
      idNumber: '150102197909059964',
      issuer: '呼和浩特市公安局新城分局',
      validFrom: '2016-04-18',
      validTo: '2036-04-18',
    },
  },
  {
    id: 'resident-expired',
    label: '过期身份证 (中年男性)',
    expect: 'expired',
    data: {
      ...base,
      cardType: 'resident',
      name: '刘样本',
      sex: 'male',
      nationCode: '01',
      nation: '汉族',
      birthDate: '1985-02-12',
      address: '广东省深圳市福田区样本路99号演示大厦12楼',
      idNumber: '440304198502129972',
      issuer: '深圳市公安局福田分局',
      validFrom: '2010-01-05',
      validTo: '2020-01-05',
    },
  },
  {
    id: 'hmt-hong-kong',
    label: '港澳台居民居住证 (香港)',
    expect: 'valid',
    data: {
      ...base,
      cardType: 'hmt_residence',
      name: '黄示例',
      sex: 'male',
      birthDate: '1990-07-18',
      address: '广东省深圳市南山区演示湾路5号',
      idNumber: '810000199007189953',
      issuer: '深圳市公安局南山分局',
      validFrom: '2023-08-01',
      validTo: '2028-08-01',
      passNumber: 'H60000001',
      issueCount: '01',
    },
  },
  {
    id: 'foreign-pr-2017',
    label: '外国人永久居留身份证 (2017版)',
    expect: 'valid',
    data: {
      ...base,
      cardType: 'foreign_pr_2017',
      name: '艾演示',
      englishName: 'DEMO, ALEX SAMPLE',
      sex: 'male',
      nationality: 'USA',
      birthDate: '1985-03-15',
      idNumber: 'USA110085031501',
      issuer: '1100',
      validFrom: '2018-06-01',
      validTo: '2028-06-01',
    },
  },
  {
    id: 'foreign-pr-2023',
    label: '外国人永久居留身份证 (2023版)',
    expect: 'valid',
    data: {
      ...base,
      cardType: 'foreign_pr_2023',
      name: '马示例',
      englishName: 'SAMPLE, MARTINA DEMO',
      sex: 'female',
      nationality: 'GBR',
      birthDate: '1992-07-04',
      idNumber: '911826199207040127',
      issuer: '国家移民管理局',
      validFrom: '2024-01-10',
      validTo: '2034-01-10',
      issueCount: '00',
    },
  },
  {
    id: 'resident-bad-checksum',
    label: '校验位错误的身份证',
    expect: 'invalid_id_number',
    data: {
      ...base,
      cardType: 'resident',
      name: '赵错例',
      sex: 'male',
      nationCode: '01',
      nation: '汉族',
      birthDate: '1995-06-11',
      address: '江苏省南京市玄武区示例路3号',
      // The correct check character would be 5; the card must be refused.
      idNumber: '320102199506119931',
      issuer: '南京市公安局玄武分局',
      validFrom: '2019-03-01',
      validTo: '2029-03-01',
    },
  },
];

export const PHOTO_MARKER_PREFIX = 'SIMPHOTO:';

/** The simulator's stand-in for WLT data: `SIMPHOTO:<card id>`, zero-padded to 1024 bytes. */
export function simulatorPhotoField(cardId: string): Uint8Array {
  const marker = new TextEncoder().encode(`${PHOTO_MARKER_PREFIX}${cardId}`);
  if (marker.length > PHOTO_LENGTH) throw new RangeError('card id too long for the photo field');
  const field = new Uint8Array(PHOTO_LENGTH);
  field.set(marker, 0);
  return field;
}

export interface DemoCardBlocks {
  readonly text: Uint8Array;
  readonly photo: Uint8Array;
  readonly fingerprint: Uint8Array | null;
}

/** The raw blocks a reader would return for a catalogue card. */
export function demoCardBlocks(entry: DemoCardEntry): DemoCardBlocks {
  return { text: encodeCardText(entry.data), photo: simulatorPhotoField(entry.id), fingerprint: null };
}

export const findDemoCard = (id: string): DemoCardEntry | undefined => DEMO_CARDS.find((c) => c.id === id);

const STEMS = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];

/**
 * Cards for face-check tests: one per photo file in a test directory (`<id>.jpg`), so that a card's
 * chip photo can be a real face from the licensed fixtures while the fake camera plays the same or
 * another person. Identities are invented and valid; labels say 测试人像.
 */
export function faceFixtureCards(photoIds: readonly string[]): DemoCardEntry[] {
  return photoIds.map((id, index) => {
    const sequence = String(100 + index * 2 + 1).padStart(3, '0');
    const first17 = `11010119610804${sequence}`;
    return {
      id,
      label: `测试人像 (${id})`,
      expect: 'valid',
      data: {
        ...base,
        cardType: 'resident',
        name: `测试${STEMS[index % STEMS.length]}${index >= STEMS.length ? String(index) : ''}`,
        sex: 'male',
        nationCode: '01',
        nation: '汉族',
        birthDate: '1961-08-04',
        address: '北京市东城区测试路1号',
        idNumber: `${first17}${gb11643CheckChar(first17)}`,
        issuer: '北京市公安局东城分局',
        validFrom: '2015-01-01',
        validTo: 'long_term',
      },
    };
  });
}
