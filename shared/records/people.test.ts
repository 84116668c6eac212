import { describe, expect, it } from 'vitest';
import { peopleOf } from './people';

describe('people of an entry', () => {
  it('names each person with their role and birth date, in the book order', () => {
    expect(
      peopleOf('GH', {
        nguoiDuocGiamHo: { hoTen: 'Lò Thị Mai', ngaySinh: '2010-07' },
        nguoiGiamHo: [{ hoTen: 'Lò Văn Páo' }, { hoTen: '' }],
      }),
    ).toEqual([
      { role: 'Người được giám hộ', name: 'Lò Thị Mai', birthDate: '2010-07' },
      { role: 'Người giám hộ', name: 'Lò Văn Páo' },
    ]);
    expect(peopleOf('LH', { chong: { hoTen: 'A' }, vo: { hoTen: 'B', ngaySinh: '1990' } })).toEqual([
      { role: 'Chồng', name: 'A' },
      { role: 'Vợ', name: 'B', birthDate: '1990' },
    ]);
    expect(peopleOf('TD', { nguoi: { hoTen: 'C' } })).toEqual([{ role: 'Người được thay đổi', name: 'C' }]);
    // Data of an older shape is read without failing.
    expect(peopleOf('GH', { nguoiGiamHo: 'không phải danh sách' })).toEqual([]);
  });
});
