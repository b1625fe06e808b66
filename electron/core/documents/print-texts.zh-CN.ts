/** Fixed words of a drafted document's QR page (no personal data), as the other printed texts keep theirs. */
export const documentPrintTextsZhCN = {
  qrHeading: '手机扫码保存文书文字',
  qrNoteOne: '扫码得到本文书的文字，不是网址。为保护您的信息，扫出的文字中身份证号码只显示部分数字。这一页不用交给法院或仲裁委。',
  qrNoteMany: '本文书的文字分为{count}段，请按顺序逐个扫码，扫出的是文字，不是网址。为保护您的信息，扫出的文字中身份证号码只显示部分数字。这一页不用交给法院或仲裁委。',
} as const;
