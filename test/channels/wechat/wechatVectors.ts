/**
 * Test vectors published with WeChat's official WXBizMsgCrypt samples (Tencent, 2014-2016),
 * copied value for value. Each names the sample it comes from.
 */

/** Java sample, `com.qq.weixin.mp.aes.WXBizMsgCryptTest` (testAesEncrypt, testAesEncrypt2). */
export const javaSample = {
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  token: 'pamtest',
  timestamp: '1409304348',
  nonce: 'xxxxxx',
  appId: 'wxb11529c136998cb6',
  randomStr: 'aaaabbbbccccdddd',
  replyMsg: '我是中文abcd123',
  afterAesEncrypt: 'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==',
  replyMsg2:
    '<xml><ToUserName><![CDATA[oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw]]></ToUserName><FromUserName><![CDATA[gh_7f083739789a]]></FromUserName><CreateTime>1407743423</CreateTime><MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA[eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0]]></MediaId><Title><![CDATA[testCallBackReplyVideo]]></Title><Description><![CDATA[testCallBackReplyVideo]]></Description></Video></xml>',
  afterAesEncrypt2:
    'jn1L23DB+6ELqJ+6bruv23M2GmYfkv0xBh2h+XTBOKVKcgDFHle6gqcZ1cZrk3e1qjPQ1F4RsLWzQRG9udbKWesxlkupqcEcW7ZQweImX9+wLMa0GaUzpkycA8+IamDBxn5loLgZpnS7fVAbExOkK5DYHBmv5tptA9tklE/fTIILHR8HLXa5nQvFb3tYPKAlHF3rtTeayNf0QuM+UW/wM9enGIDIJHF7CLHiDNAYxr+r+OrJCmPQyTy8cVWlu9iSvOHPT/77bZqJucQHQ04sq7KZI27OcqpQNSto2OdHCoTccjggX5Z9Mma0nMJBU+jLKJ38YB1fBIz+vBzsYjrTmFQ44YfeEuZ+xRTQwr92vhA9OxchWVINGC50qE/6lmkwWTwGX9wtQpsJKhP+oS7rvTY8+VdzETdfakjkwQ5/Xka042OlUb1/slTwo4RscuQ+RdxSGvDahxAJ6+EAjLt9d8igHngxIbf6YyqqROxuxqIeIch3CssH/LqRs+iAcILvApYZckqmA7FNERspKA5f8GoJ9sv8xmGvZ9Yrf57cExWtnX8aCMMaBropU/1k+hKP5LVdzbWCG0hGwx/dQudYR/eXp3P0XxjlFiy+9DMlaFExWUZQDajPkdPrEeOwofJb',
} as const;

/** Python sample, `Sample.py` of the Official Account's WXBizMsgCrypt: a text message in safe mode. */
export const pythonSample = {
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  token: 'spamtest',
  appId: 'wx2c2769f8efd9abc2',
  timestamp: '1409735669',
  nonce: '1320562132',
  msgSignature: '5d197aaffba7e9b25a30732f161a50dee96bd5fa',
  // The sample posts this in compatible mode: the plaintext fields, then Encrypt.
  fromXml:
    '<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName><CreateTime>1409735668</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[abcdteT]]></Content><MsgId>6054768590064713728</MsgId><Encrypt><![CDATA[hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=]]></Encrypt></xml>',
  encrypt:
    'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=',
} as const;

/**
 * Java sample, testVerifyUrl: msg_signature over an encrypted echostr (the URL check of the
 * enterprise account, whose crypto is the same).
 */
export const verifyUrlSample = {
  token: 'QDG6eK',
  encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  appId: 'wx5823bf96d3bd56c7',
  msgSignature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
  timestamp: '1409659589',
  nonce: '263014780',
  echoStr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
} as const;

/** Java sample, testEcryptMsg: a voice message (speech recognition on, nothing heard). */
export const voiceSample = {
  token: 'wxtoken',
  encodingAesKey: 'KgwVOifMrDO0tQNbzdoeWP6abSF2MIN97UuSlZDLrAI',
  appId: 'wx7613bea5e4d18127',
  msgSignature: 'e4f7b51bb9946cd57103ad816781e2c901c3fe3d',
  timestamp: '1457520226',
  nonce: '76784791',
  encrypt:
    'tgXIn7z9imMUj+F0URED+Qtl9QnDLW/vCq8jrWe/tAW2nal7jDHWBm3hW9/MP7TWYETVd6VFPY3aNVwqKPCLi783kBMNDF0TyGCAI9v5xFyGET5nK+fNemOq/foGfDNkZXqlVukWjvuPZn7qUlSF46Qb1pUbIrgsOiEaRhJHWu15SuUWzFKFoCKTKc4MLXN7N+M6hwVdnvclDPM/jSO6evvlbQVR/56+u9TrVUlYYmaiIGqF6wvJ0XFiYKXfL8IkLcNp2NU9DyZ5C14t2QLrJFjb3LKk+qUCq1CLw7mHzOnzEOuTb/g1kOJv7cz61E294OP16s5MaQ+5XO1LjYSYIDTckKxLnDeUZTLPJH4G+1IbPmpl3DDajlDT3Lsz7xH+D4pzHDn1vP5hn96AZHt/LHsA3L5y928iQw6wkjzXWC5eaepra96Wwz0+pV5vZg2FBiEQfSv9c37BWvOHVQZHszqQO3awg1e2CkSt56Yu4BIUdYbWZk8efdjVx21vwin86MNZ9QlXPJSbc5eFqo+O2TmOkx1VSGV4iAc7k5Jh5n3WAMSQawVr69FRYfBqaETRpbIxjubBKeoS5WZ1C4mvmg6J0/sPut2Gbj3Ah/3NzZiOPemlkh6gUGgNWRvL5Ijq',
} as const;
