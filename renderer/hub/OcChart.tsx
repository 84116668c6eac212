/** The plan's operating characteristic: chance of accepting a lot against its percent defective. */
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { OperatingPoint } from '../../shared/review/hub-api';
import { formatPercent } from './format';

export function OcChart({ points }: { points: OperatingPoint[] }) {
  const data = [...points]
    .sort((a, b) => a.percentDefective - b.percentDefective)
    .map((p) => ({ x: p.percentDefective, y: Math.round(p.probabilityAccept * 1000) / 10 }));
  return (
    <figure className="hub-chart">
      <LineChart
        title="Biểu đồ đường đặc tính OC"
        width={420}
        height={220}
        data={data}
        margin={{ top: 8, right: 16, bottom: 16, left: 0 }}
      >
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          dataKey="x"
          type="number"
          domain={[0, 'dataMax']}
          unit="%"
          label={{ value: 'Tỷ lệ mục lỗi của lô', position: 'insideBottom', offset: -8 }}
        />
        <YAxis domain={[0, 100]} unit="%" />
        <Tooltip
          formatter={(value) => [formatPercent(Number(value) / 100), 'Khả năng lô được chấp nhận']}
          labelFormatter={(label) => `Lô có ${String(label)}% mục lỗi`}
        />
        <Line type="monotone" dataKey="y" stroke="#0b5cad" dot={false} isAnimationActive={false} />
      </LineChart>
      <figcaption>Đường đặc tính (OC): khả năng chấp nhận lô theo tỷ lệ mục lỗi của lô.</figcaption>
    </figure>
  );
}
