<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="ur" sourcelanguage="en">
<context>
    <name>AboutPage</name>
    <message>
        <source>About fieldapp</source>
        <translation>فیلڈ ایپ کا تعارف</translation>
    </message>
    <message>
        <source>fieldapp keeps your tasks, training and submissions on this laptop and sends them to the server whenever there is a connection. Your work is saved as soon as you type it.</source>
        <translation>فیلڈ ایپ آپ کے کام، تربیت اور جمع شدہ کام اس لیپ ٹاپ پر رکھتی ہے اور جب بھی رابطہ ہو سرور کو بھیج دیتی ہے۔ آپ جیسے ہی لکھتی ہیں، آپ کا کام محفوظ ہو جاتا ہے۔</translation>
    </message>
    <message>
        <source>Diagnostics (for whoever helps you):</source>
        <translation>تشخیص (جو بھی آپ کی مدد کرے اس کے لیے):</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>تشخیص</translation>
    </message>
    <message>
        <source>&amp;Copy diagnostics</source>
        <translation>تشخیص کاپی کریں (&amp;C)</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>لاگ فولڈر کھولیں (&amp;L)</translation>
    </message>
    <message>
        <source>About</source>
        <translation>تعارف</translation>
    </message>
    <message>
        <source>Version %1. Last successful sync: %2.</source>
        <translation>ورژن %1۔ آخری کامیاب ہم آہنگی: %2۔</translation>
    </message>
    <message>
        <source>never</source>
        <translation>کبھی نہیں</translation>
    </message>
</context>
<context>
    <name>Attachments</name>
    <message>
        <source>Opening a file</source>
        <translation>فائل کھولنا</translation>
    </message>
    <message>
        <source>This file could not be opened: %1</source>
        <translation>یہ فائل نہیں کھل سکی: %1</translation>
    </message>
    <message>
        <source>fieldapp does not open this kind of file (%1), to keep this laptop safe. Photos, PDF, sound, video and text files open.</source>
        <translation>اس لیپ ٹاپ کو محفوظ رکھنے کے لیے فیلڈ ایپ اس قسم کی فائل (%1) نہیں کھولتی۔ تصویریں، PDF، آواز، ویڈیو اور متن کی فائلیں کھلتی ہیں۔</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <source>What</source>
        <translation>کیا</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>خانہ</translation>
    </message>
    <message>
        <source>Your change</source>
        <translation>آپ کی تبدیلی</translation>
    </message>
    <message>
        <source>On the server</source>
        <translation>سرور پر</translation>
    </message>
    <message>
        <source>Changed by</source>
        <translation>تبدیل کرنے والا</translation>
    </message>
    <message>
        <source>When</source>
        <translation>کب</translation>
    </message>
    <message>
        <source>Made on</source>
        <translation>بنایا گیا</translation>
    </message>
    <message>
        <source>Why it was refused</source>
        <translation>کیوں مسترد ہوا</translation>
    </message>
    <message>
        <source>Conflicts and refused changes</source>
        <translation>تضادات اور مسترد تبدیلیاں</translation>
    </message>
    <message>
        <source>Someone else changed these on the server before your change arrived. The server's version is in use now. Choose which one to keep.</source>
        <translation>آپ کی تبدیلی پہنچنے سے پہلے کسی اور نے سرور پر انہیں بدل دیا۔ اب سرور والا ورژن استعمال ہو رہا ہے۔ منتخب کریں کون سا رکھنا ہے۔</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>تضادات</translation>
    </message>
    <message>
        <source>Keep the &amp;server's version</source>
        <translation>سرور والا ورژن رکھیں (&amp;S)</translation>
    </message>
    <message>
        <source>Keep &amp;mine (send it again)</source>
        <translation>میرا رکھیں (دوبارہ بھیجیں) (&amp;M)</translation>
    </message>
    <message>
        <source>The server did not accept these changes. They will not be sent again.</source>
        <translation>سرور نے یہ تبدیلیاں قبول نہیں کیں۔ یہ دوبارہ نہیں بھیجی جائیں گی۔</translation>
    </message>
    <message>
        <source>Refused changes</source>
        <translation>مسترد تبدیلیاں</translation>
    </message>
    <message>
        <source>I have seen this, &amp;remove it</source>
        <translation>میں نے دیکھ لیا، اسے ہٹا دیں (&amp;R)</translation>
    </message>
    <message>
        <source>Conflicts (%1)</source>
        <translation>تضادات (%1)</translation>
    </message>
    <message>
        <source>Refused changes (%1)</source>
        <translation>مسترد تبدیلیاں (%1)</translation>
    </message>
</context>
<context>
    <name>ContentPage</name>
    <message>
        <source>Training content (optional)</source>
        <translation>تربیتی مواد (اختیاری)</translation>
    </message>
    <message>
        <source>If the USB stick has a content pack (.fieldpack), import it now so training and tasks are there without internet. You can skip this step.</source>
        <translation>اگر یو ایس بی میں مواد کا پیک (.fieldpack) ہے تو اسے ابھی درآمد کریں تاکہ تربیت اور کام انٹرنیٹ کے بغیر موجود ہوں۔ آپ یہ مرحلہ چھوڑ سکتی ہیں۔</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>منتخب کریں…</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>درآمد کریں</translation>
    </message>
    <message>
        <source>Choose a content pack</source>
        <translation>مواد کا پیک منتخب کریں</translation>
    </message>
    <message>
        <source>fieldapp packs (*.fieldpack)</source>
        <translation>فیلڈ ایپ پیک (*.fieldpack)</translation>
    </message>
    <message>
        <source>Choose the content pack file first.</source>
        <translation>پہلے مواد کے پیک کی فائل منتخب کریں۔</translation>
    </message>
    <message>
        <source>Checking and importing the pack… This can take a few minutes.</source>
        <translation>پیک جانچا اور درآمد کیا جا رہا ہے… اس میں چند منٹ لگ سکتے ہیں۔</translation>
    </message>
    <message>
        <source>%1: %2 records and %3 files imported.</source>
        <translation>%1: %2 ریکارڈ اور %3 فائلیں درآمد ہو گئیں۔</translation>
    </message>
    <message>
        <source>The pack was not imported, and nothing was changed. %1</source>
        <translation>پیک درآمد نہیں ہوا اور کچھ نہیں بدلا۔ %1</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Intern</source>
        <translation>انٹرن</translation>
    </message>
    <message>
        <source>Submissions</source>
        <translation>جمع شدہ کام</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>منظور شدہ</translation>
    </message>
    <message>
        <source>Lessons finished</source>
        <translation>مکمل اسباق</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%2 میں سے %1</translation>
    </message>
    <message>
        <source>Training done</source>
        <translation>تربیت مکمل</translation>
    </message>
    <message>
        <source>Cohort dashboard</source>
        <translation>گروپ ڈیش بورڈ</translation>
    </message>
    <message>
        <source>C&amp;ohort:</source>
        <translation>گروپ: (&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Refresh from the server</source>
        <translation>سرور سے تازہ کریں (&amp;R)</translation>
    </message>
    <message>
        <source>Submissions by status</source>
        <translation>حالت کے لحاظ سے جمع شدہ کام</translation>
    </message>
    <message>
        <source>Training completion per intern</source>
        <translation>ہر انٹرن کی تربیت کی تکمیل</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>ڈیش بورڈ</translation>
    </message>
    <message>
        <source>No cohorts on this laptop yet.</source>
        <translation>اس لیپ ٹاپ پر ابھی کوئی گروپ نہیں۔</translation>
    </message>
    <message>
        <source>From this laptop's data. Asking the server for the latest…</source>
        <translation>اس لیپ ٹاپ کے ڈیٹا سے۔ سرور سے تازہ ترین معلومات مانگی جا رہی ہیں…</translation>
    </message>
    <message>
        <source>Latest figures from the server.</source>
        <translation>سرور سے تازہ ترین اعداد و شمار۔</translation>
    </message>
    <message>
        <source>From this laptop's data (the server could not be reached: %1).</source>
        <translation>اس لیپ ٹاپ کے ڈیٹا سے (سرور تک رسائی نہیں ہو سکی: %1)۔</translation>
    </message>
</context>
<context>
    <name>ExportWorkDialog</name>
    <message>
        <source>Export my work</source>
        <translation>اپنا کام برآمد کریں</translation>
    </message>
    <message>
        <source>Write everything waiting to be sent to a file on the USB stick. Only the server can read it. Handing it in twice, or syncing later, sends nothing twice.</source>
        <translation>بھیجے جانے کا منتظر سارا کام یو ایس بی پر ایک فائل میں لکھیں۔ اسے صرف سرور پڑھ سکتا ہے۔ دو بار دینے یا بعد میں ہم آہنگی سے کچھ بھی دو بار نہیں جاتا۔</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>برآمد کریں</translation>
    </message>
    <message>
        <source>Save my work as</source>
        <translation>اپنا کام اس نام سے محفوظ کریں</translation>
    </message>
    <message>
        <source>fieldapp packs (*.fieldpack)</source>
        <translation>فیلڈ ایپ پیک (*.fieldpack)</translation>
    </message>
    <message>
        <source>Writing the pack…</source>
        <translation>پیک لکھا جا رہا ہے…</translation>
    </message>
    <message>
        <source>Nothing is waiting to be sent, so no file was written.</source>
        <translation>بھیجنے کے لیے کچھ بھی منتظر نہیں، اس لیے کوئی فائل نہیں لکھی گئی۔</translation>
    </message>
    <message>
        <source>Saved %1: %2 changes and %3 files. Give it to your coordinator.</source>
        <translation>%1 محفوظ ہو گئی: %2 تبدیلیاں اور %3 فائلیں۔ اسے اپنی رابطہ کار کو دیں۔</translation>
    </message>
</context>
<context>
    <name>FinishPage</name>
    <message>
        <source>This laptop is ready</source>
        <translation>یہ لیپ ٹاپ تیار ہے</translation>
    </message>
    <message>
        <source>People on this laptop: %1.</source>
        <translation>اس لیپ ٹاپ پر افراد: %1۔</translation>
    </message>
    <message>
        <source>The training content is on the laptop.</source>
        <translation>تربیتی مواد لیپ ٹاپ پر موجود ہے۔</translation>
    </message>
    <message>
        <source>The first time the laptop reaches the internet, each person's setup is finished automatically. Until then everything works offline.</source>
        <translation>جب لیپ ٹاپ پہلی بار انٹرنیٹ سے جڑے گا تو ہر فرد کی ترتیب خود بخود مکمل ہو جائے گی۔ تب تک سب کچھ آف لائن کام کرتا ہے۔</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Set up fieldapp</source>
        <extracomment>The people made here with their data keys (so their codes and content can be stored sealed).</extracomment>
        <translation>فیلڈ ایپ تیار کریں</translation>
    </message>
    <message>
        <source>Save these people</source>
        <translation>ان افراد کو محفوظ کریں</translation>
    </message>
</context>
<context>
    <name>ImportPackDialog</name>
    <message>
        <source>Import content pack</source>
        <translation>مواد کا پیک درآمد کریں</translation>
    </message>
    <message>
        <source>Choose a content pack (.fieldpack) from the USB stick. It is checked first; a changed or damaged pack is refused and nothing is imported.</source>
        <translation>یو ایس بی سے مواد کا پیک (.fieldpack) منتخب کریں۔ پہلے اسے جانچا جاتا ہے؛ بدلا ہوا یا خراب پیک رد کر دیا جاتا ہے اور کچھ درآمد نہیں ہوتا۔</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>درآمد کریں</translation>
    </message>
    <message>
        <source>Choose a content pack</source>
        <translation>مواد کا پیک منتخب کریں</translation>
    </message>
    <message>
        <source>fieldapp packs (*.fieldpack)</source>
        <translation>فیلڈ ایپ پیک (*.fieldpack)</translation>
    </message>
    <message>
        <source>Choose the content pack file first.</source>
        <translation>پہلے مواد کے پیک کی فائل منتخب کریں۔</translation>
    </message>
    <message>
        <source>Checking and importing the pack…</source>
        <translation>پیک جانچا اور درآمد کیا جا رہا ہے…</translation>
    </message>
    <message>
        <source>Imported %1 records and %2 files.</source>
        <translation>%1 ریکارڈ اور %2 فائلیں درآمد ہو گئیں۔</translation>
    </message>
</context>
<context>
    <name>InboxPage</name>
    <message>
        <source>Intern</source>
        <extracomment>Tab -&gt; the submission statuses it lists.</extracomment>
        <translation>انٹرن</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>کام</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>ورژن</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>حالت</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>بھیجا گیا</translation>
    </message>
    <message>
        <source>Reviews</source>
        <translation>جائزے</translation>
    </message>
    <message>
        <source>Which submissions to show</source>
        <translation>کون سے جمع شدہ کام دکھائیں</translation>
    </message>
    <message>
        <source>Submissions</source>
        <translation>جمع شدہ کام</translation>
    </message>
    <message>
        <source>New (%1)</source>
        <translation>نئے (%1)</translation>
    </message>
    <message>
        <source>Waiting on the intern (%1)</source>
        <translation>انٹرن کا انتظار (%1)</translation>
    </message>
    <message>
        <source>Done (%1)</source>
        <translation>مکمل (%1)</translation>
    </message>
    <message>
        <source>Nothing here.</source>
        <translation>یہاں کچھ نہیں۔</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>To do</source>
        <translation>کرنا ہے</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>جاری ہے</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>مکمل</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>شروع نہیں ہوا</translation>
    </message>
    <message>
        <source>Draft (not sent)</source>
        <translation>مسودہ (نہیں بھیجا گیا)</translation>
    </message>
    <message>
        <source>Submitted, waiting for review</source>
        <translation>جمع ہو گیا، جائزے کا منتظر</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>منظور شدہ</translation>
    </message>
    <message>
        <source>Changes requested</source>
        <translation>تبدیلیاں مانگی گئیں</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>تبصرہ</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>حالت</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>عنوان</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>تفصیل</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>آخری تاریخ</translation>
    </message>
    <message>
        <source>Task status</source>
        <translation>کام کی حالت</translation>
    </message>
    <message>
        <source>Submission</source>
        <translation>جمع شدہ کام</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>جائزہ</translation>
    </message>
    <message>
        <source>Training progress</source>
        <translation>تربیتی پیش رفت</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>کام</translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <source>Language · زبان · ژبه</source>
        <translation>Language · زبان · ژبه</translation>
    </message>
    <message>
        <source>Choose the language for this laptop. Each person can change it later.</source>
        <translation>اس لیپ ٹاپ کی زبان منتخب کریں۔ ہر فرد بعد میں اسے بدل سکتی ہے۔</translation>
    </message>
</context>
<context>
    <name>LessonReader</name>
    <message>
        <source>Lesson</source>
        <translation>سبق</translation>
    </message>
    <message>
        <source>%1 files of this lesson arrive with the next sync.</source>
        <translation>اس سبق کی %1 فائلیں اگلی ہم آہنگی کے ساتھ آئیں گی۔</translation>
    </message>
    <message>
        <source>Read %1</source>
        <translation>%1 پڑھیں</translation>
    </message>
    <message>
        <source>Play %1</source>
        <translation>%1 چلائیں</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>%1 کھولیں</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>fieldapp</source>
        <translation>فیلڈ ایپ</translation>
    </message>
    <message>
        <source>Screens</source>
        <translation>اسکرینیں</translation>
    </message>
</context>
<context>
    <name>MediaDialog</name>
    <message>
        <source>&amp;Play</source>
        <translation>چلائیں (&amp;P)</translation>
    </message>
    <message>
        <source>P&amp;ause</source>
        <translation>روکیں (&amp;A)</translation>
    </message>
</context>
<context>
    <name>MenteesPage</name>
    <message>
        <source>passed (%1%)</source>
        <translation>کامیاب (%1%)</translation>
    </message>
    <message>
        <source>not passed yet (%1 tries)</source>
        <translation>ابھی کامیاب نہیں (%1 کوششیں)</translation>
    </message>
    <message>
        <source>not tried</source>
        <translation>کوشش نہیں کی</translation>
    </message>
    <message>
        <source>Intern</source>
        <translation>انٹرن</translation>
    </message>
    <message>
        <source>Module</source>
        <translation>ماڈیول</translation>
    </message>
    <message>
        <source>Lessons finished</source>
        <translation>مکمل اسباق</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%2 میں سے %1</translation>
    </message>
    <message>
        <source>Quiz</source>
        <translation>کوئز</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>مکمل</translation>
    </message>
    <message>
        <source>Mentees' training</source>
        <translation>زیر تربیت افراد کی تربیت</translation>
    </message>
    <message>
        <source>Mentees' training progress</source>
        <translation>زیر تربیت افراد کی تربیتی پیش رفت</translation>
    </message>
    <message>
        <source>No mentees on this laptop yet. They arrive when it syncs.</source>
        <translation>اس لیپ ٹاپ پر ابھی کوئی زیر تربیت فرد نہیں۔ ہم آہنگی پر آ جائیں گی۔</translation>
    </message>
    <message>
        <source>Mentees</source>
        <translation>زیر تربیت</translation>
    </message>
</context>
<context>
    <name>ModuleEditorPage</name>
    <message>
        <source>Training modules</source>
        <translation>تربیتی ماڈیولز</translation>
    </message>
    <message>
        <source>&amp;Module:</source>
        <translation>ماڈیول: (&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>کھولیں (&amp;O)</translation>
    </message>
    <message>
        <source>&amp;New module</source>
        <translation>نیا ماڈیول (&amp;N)</translation>
    </message>
    <message>
        <source>Publish to &amp;cohorts:</source>
        <translation>ان گروپوں کو شائع کریں: (&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Save draft</source>
        <translation>مسودہ محفوظ کریں (&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Publish</source>
        <translation>شائع کریں (&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>عنوان: (&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>تفصیل: (&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>زبان: (&amp;L)</translation>
    </message>
    <message>
        <source>About</source>
        <translation>تعارف</translation>
    </message>
    <message>
        <source>Lessons</source>
        <translation>اسباق</translation>
    </message>
    <message>
        <source>Add lesson</source>
        <translation>سبق شامل کریں</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>ہٹائیں</translation>
    </message>
    <message>
        <source>Remove lesson</source>
        <translation>سبق ہٹائیں</translation>
    </message>
    <message>
        <source>Lesson t&amp;itle:</source>
        <translation>سبق کا عنوان: (&amp;I)</translation>
    </message>
    <message>
        <source>Lesson text (Markdown)</source>
        <translation>سبق کا متن (مارک ڈاؤن)</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>پیش منظر</translation>
    </message>
    <message>
        <source>Write in Markdown: # heading, **bold**, - list. Add pictures on the Files tab and show them with ![description](file name).</source>
        <translation>مارک ڈاؤن میں لکھیں: # سرخی، **موٹا**، - فہرست۔ تصاویر فائلوں والے ٹیب میں شامل کریں اور ![وضاحت](فائل کا نام) سے دکھائیں۔</translation>
    </message>
    <message>
        <source>Files of this module</source>
        <translation>اس ماڈیول کی فائلیں</translation>
    </message>
    <message>
        <source>Add &amp;file…</source>
        <translation>فائل شامل کریں… (&amp;F)</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>فائلیں</translation>
    </message>
    <message>
        <source>Pass &amp;mark:</source>
        <translation>کامیابی کے نمبر: (&amp;M)</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>سوالات</translation>
    </message>
    <message>
        <source>Add question</source>
        <translation>سوال شامل کریں</translation>
    </message>
    <message>
        <source>Remove question</source>
        <translation>سوال ہٹائیں</translation>
    </message>
    <message>
        <source>One right answer</source>
        <translation>ایک درست جواب</translation>
    </message>
    <message>
        <source>Several right answers</source>
        <translation>کئی درست جوابات</translation>
    </message>
    <message>
        <source>Short written answer</source>
        <translation>مختصر تحریری جواب</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>قسم: (&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Question:</source>
        <translation>سوال: (&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Choices (one a line):</source>
        <translation>انتخاب (ہر سطر میں ایک): (&amp;C)</translation>
    </message>
    <message>
        <source>e.g. 1, 3</source>
        <translation>مثلاً 1، 3</translation>
    </message>
    <message>
        <source>Right c&amp;hoices (numbers):</source>
        <translation>درست انتخاب (نمبر): (&amp;H)</translation>
    </message>
    <message>
        <source>Accepted &amp;answers (one a line):</source>
        <translation>قابل قبول جوابات (ہر سطر میں ایک): (&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Points:</source>
        <translation>نمبر: (&amp;P)</translation>
    </message>
    <message>
        <source>Quiz</source>
        <translation>کوئز</translation>
    </message>
    <message>
        <source>(untitled lesson)</source>
        <translation>(بلا عنوان سبق)</translation>
    </message>
    <message>
        <source>Question %1</source>
        <translation>سوال %1</translation>
    </message>
    <message>
        <source>Give the module a title.</source>
        <translation>ماڈیول کا عنوان لکھیں۔</translation>
    </message>
    <message>
        <source>Modules</source>
        <translation>ماڈیولز</translation>
    </message>
    <message>
        <source>The server could not do this: %1</source>
        <translation>سرور یہ نہیں کر سکا: %1</translation>
    </message>
    <message>
        <source>%1 (version %2)</source>
        <translation>%1 (ورژن %2)</translation>
    </message>
    <message>
        <source>Opened “%1”.</source>
        <translation>”%1“ کھل گیا۔</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>کھل رہا ہے…</translation>
    </message>
    <message>
        <source>Lesson 1</source>
        <translation>سبق 1</translation>
    </message>
    <message>
        <source>Lesson %1</source>
        <translation>سبق %1</translation>
    </message>
    <message>
        <source>Add files to the module</source>
        <translation>ماڈیول میں فائلیں شامل کریں</translation>
    </message>
    <message>
        <source>%1 files added.</source>
        <translation>%1 فائلیں شامل ہو گئیں۔</translation>
    </message>
    <message>
        <source>Uploading files…</source>
        <translation>فائلیں اپ لوڈ ہو رہی ہیں…</translation>
    </message>
    <message>
        <source>Draft saved on the server. Interns see it only after you publish.</source>
        <translation>مسودہ سرور پر محفوظ ہو گیا۔ انٹرنز اسے صرف شائع کرنے کے بعد دیکھیں گی۔</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>محفوظ ہو رہا ہے…</translation>
    </message>
    <message>
        <source>Tick at least one cohort to publish to.</source>
        <translation>شائع کرنے کے لیے کم از کم ایک گروپ پر نشان لگائیں۔</translation>
    </message>
    <message>
        <source>Published version %1. Interns receive it at their next sync.</source>
        <translation>ورژن %1 شائع ہو گیا۔ انٹرنز کو اگلی ہم آہنگی پر ملے گا۔</translation>
    </message>
    <message>
        <source>Publishing…</source>
        <translation>شائع ہو رہا ہے…</translation>
    </message>
</context>
<context>
    <name>Page</name>
    <message>
        <source>Something went wrong</source>
        <extracomment>Stable key (not shown): used for navigation, screenshots and tests.</extracomment>
        <translation>کچھ غلط ہو گیا</translation>
    </message>
</context>
<context>
    <name>PeoplePage</name>
    <message>
        <source>Who will use this laptop?</source>
        <translation>یہ لیپ ٹاپ کون استعمال کرے گی؟</translation>
    </message>
    <message>
        <source>Each person gets her own private space on this laptop. She needs her PIN to open it; nobody else can see her work.</source>
        <translation>ہر فرد کو اس لیپ ٹاپ پر اپنی نجی جگہ ملتی ہے۔ اسے کھولنے کے لیے اس کا پن چاہیے؛ کوئی اور اس کا کام نہیں دیکھ سکتا۔</translation>
    </message>
    <message>
        <source>Each person needs a different name.</source>
        <translation>ہر فرد کا نام مختلف ہونا چاہیے۔</translation>
    </message>
    <message>
        <source>This could not be saved: %1</source>
        <translation>یہ محفوظ نہیں ہو سکا: %1</translation>
    </message>
</context>
<context>
    <name>PersonForm</name>
    <message>
        <source>Person with an enrollment code</source>
        <translation>اندراج کوڈ والی فرد</translation>
    </message>
    <message>
        <source>Her name</source>
        <translation>اس کا نام</translation>
    </message>
    <message>
        <source>PIN (%1 to %2 digits)</source>
        <translation>پن (%1 سے %2 ہندسے)</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>پن دوبارہ</translation>
    </message>
    <message>
        <source>Type a name for each person.</source>
        <translation>ہر فرد کا نام لکھیں۔</translation>
    </message>
    <message>
        <source>A PIN is %1 to %2 digits.</source>
        <translation>پن %1 سے %2 ہندسوں کا ہوتا ہے۔</translation>
    </message>
    <message>
        <source>The two PINs are not the same.</source>
        <translation>دونوں پن ایک جیسے نہیں۔</translation>
    </message>
</context>
<context>
    <name>PersonSwitcher</name>
    <message>
        <source>Who is using fieldapp?</source>
        <extracomment>The installer wants to set up one more person (the caller runs the wizard again). ``exec()`` result when "Set up another person" was chosen. Her unlocked profile (folder and data key) after the right PIN.</extracomment>
        <translation>فیلڈ ایپ کون استعمال کر رہی ہے؟</translation>
    </message>
    <message>
        <source>Choose your name and type your PIN.</source>
        <translation>اپنا نام منتخب کریں اور اپنا پن لکھیں۔</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>پن</translation>
    </message>
    <message>
        <source>Set up another person…</source>
        <translation>ایک اور فرد کا سیٹ اپ…</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Please wait %1 seconds, then try again.</source>
        <translation>بہت زیادہ غلط پن۔ براہ کرم %1 سیکنڈ انتظار کریں، پھر دوبارہ کوشش کریں۔</translation>
    </message>
    <message>
        <source>That PIN is not right. %1 more tries before a wait.</source>
        <translation>یہ پن درست نہیں۔ انتظار سے پہلے %1 مزید کوششیں۔</translation>
    </message>
    <message>
        <source>This person's space could not be opened: %1</source>
        <translation>اس فرد کی جگہ نہیں کھل سکی: %1</translation>
    </message>
</context>
<context>
    <name>QAbstractSpinBox</name>
    <message>
        <source>&amp;Step up</source>
        <translation>اوپر (&amp;S)</translation>
    </message>
    <message>
        <source>Step &amp;down</source>
        <translation>نیچے (&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Select All</source>
        <translation>سب منتخب کریں (&amp;S)</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>Look in:</source>
        <translation>یہاں دیکھیں:</translation>
    </message>
    <message>
        <source>File &amp;name:</source>
        <translation>فائل کا نام: (&amp;N)</translation>
    </message>
    <message>
        <source>Files of type:</source>
        <translation>فائل کی قسم:</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>کھولیں (&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>محفوظ کریں (&amp;S)</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>پیچھے</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>آگے</translation>
    </message>
    <message>
        <source>Parent Directory</source>
        <translation>پچھلا فولڈر</translation>
    </message>
    <message>
        <source>Create New Folder</source>
        <translation>نیا فولڈر بنائیں</translation>
    </message>
    <message>
        <source>List View</source>
        <translation>فہرستی منظر</translation>
    </message>
    <message>
        <source>Detail View</source>
        <translation>تفصیلی منظر</translation>
    </message>
    <message>
        <source>All Files (*)</source>
        <translation>تمام فائلیں (*)</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>کھولیں</translation>
    </message>
    <message>
        <source>Save As</source>
        <translation>اس نام سے محفوظ کریں</translation>
    </message>
    <message>
        <source>Directories</source>
        <translation>فولڈرز</translation>
    </message>
    <message>
        <source>My Computer</source>
        <translation>میرا کمپیوٹر</translation>
    </message>
    <message>
        <source>Recent Places</source>
        <translation>حالیہ جگہیں</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>سائز</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>قسم</translation>
    </message>
    <message>
        <source>Date Modified</source>
        <translation>تبدیلی کی تاریخ</translation>
    </message>
</context>
<context>
    <name>QFileSystemModel</name>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>سائز</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>قسم</translation>
    </message>
    <message>
        <source>Date Modified</source>
        <translation>تبدیلی کی تاریخ</translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <source>&amp;Undo</source>
        <translation>واپس کریں (&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>دوبارہ کریں (&amp;R)</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>کاٹیں (&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>کاپی کریں (&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>چسپاں کریں (&amp;P)</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>حذف کریں</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>سب منتخب کریں</translation>
    </message>
</context>
<context>
    <name>QMessageBox</name>
    <message>
        <source>Show Details...</source>
        <translation>تفصیل دکھائیں…</translation>
    </message>
    <message>
        <source>Hide Details...</source>
        <translation>تفصیل چھپائیں…</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>ٹھیک ہے</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation>ٹھیک ہے</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>محفوظ کریں</translation>
    </message>
    <message>
        <source>Save All</source>
        <translation>سب محفوظ کریں</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>کھولیں</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>ہاں (&amp;Y)</translation>
    </message>
    <message>
        <source>Yes to &amp;All</source>
        <translation>سب کے لیے ہاں (&amp;A)</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>نہیں (&amp;N)</translation>
    </message>
    <message>
        <source>N&amp;o to All</source>
        <translation>سب کے لیے نہیں (&amp;O)</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>روکیں</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>دوبارہ کوشش</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>نظر انداز کریں</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بند کریں</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>منسوخ کریں</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>رد کریں</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>مدد</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>لاگو کریں</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>دوبارہ ترتیب دیں</translation>
    </message>
    <message>
        <source>Restore Defaults</source>
        <translation>پہلے جیسا کریں</translation>
    </message>
</context>
<context>
    <name>QWidgetTextControl</name>
    <message>
        <source>&amp;Undo</source>
        <translation>واپس کریں (&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>دوبارہ کریں (&amp;R)</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>کاٹیں (&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>کاپی کریں (&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>چسپاں کریں (&amp;P)</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>حذف کریں</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>سب منتخب کریں</translation>
    </message>
    <message>
        <source>Copy &amp;Link Location</source>
        <translation>لنک کا پتہ کاپی کریں (&amp;L)</translation>
    </message>
</context>
<context>
    <name>QuizWidget</name>
    <message>
        <source>&amp;Check my answers</source>
        <translation>میرے جوابات جانچیں (&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Try again</source>
        <translation>دوبارہ کوشش کریں (&amp;T)</translation>
    </message>
    <message>
        <source>Question %1</source>
        <translation>سوال %1</translation>
    </message>
    <message>
        <source>You scored %1%. You passed — well done!</source>
        <translation>آپ نے %1% نمبر لیے۔ آپ کامیاب ہو گئیں — شاباش!</translation>
    </message>
    <message>
        <source>You scored %1%. You need more to pass. Read the lessons again and try again.</source>
        <translation>آپ نے %1% نمبر لیے۔ کامیابی کے لیے زیادہ نمبر چاہییں۔ اسباق دوبارہ پڑھیں اور پھر کوشش کریں۔</translation>
    </message>
    <message>
        <source>right</source>
        <translation>درست</translation>
    </message>
    <message>
        <source>not right</source>
        <translation>غلط</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <source>&amp;Earlier version:</source>
        <translation>پچھلا ورژن: (&amp;E)</translation>
    </message>
    <message>
        <source>Earlier version</source>
        <translation>پچھلا ورژن</translation>
    </message>
    <message>
        <source>Latest version</source>
        <translation>تازہ ترین ورژن</translation>
    </message>
    <message>
        <source>Attached files</source>
        <translation>منسلک فائلیں</translation>
    </message>
    <message>
        <source>Reviews so far</source>
        <translation>اب تک کے جائزے</translation>
    </message>
    <message>
        <source>&amp;Comment for the intern:</source>
        <translation>انٹرن کے لیے تبصرہ: (&amp;C)</translation>
    </message>
    <message>
        <source>Comment for the intern</source>
        <translation>انٹرن کے لیے تبصرہ</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>منظور کریں (&amp;A)</translation>
    </message>
    <message>
        <source>Ask for c&amp;hanges</source>
        <translation>تبدیلیاں مانگیں (&amp;H)</translation>
    </message>
    <message>
        <source>Send co&amp;mment only</source>
        <translation>صرف تبصرہ بھیجیں (&amp;M)</translation>
    </message>
    <message>
        <source>Choose a submission from the list</source>
        <translation>فہرست سے ایک جمع شدہ کام منتخب کریں</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source> Your review is saved and will be sent at the next sync.</source>
        <translation> آپ کا جائزہ محفوظ ہے اور اگلی ہم آہنگی پر بھیج دیا جائے گا۔</translation>
    </message>
    <message>
        <source>Latest version (%1), sent %2:</source>
        <translation>تازہ ترین ورژن (%1)، بھیجا گیا %2:</translation>
    </message>
    <message>
        <source>The text arrives with the next sync.</source>
        <translation>متن اگلی ہم آہنگی کے ساتھ آئے گا۔</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>ورژن %1</translation>
    </message>
    <message>
        <source>No reviews yet.</source>
        <translation>ابھی کوئی جائزہ نہیں۔</translation>
    </message>
</context>
<context>
    <name>Reviews</name>
    <message>
        <source>version %1</source>
        <translation>ورژن %1</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>ترتیبات</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>زبان</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>زبان: (&amp;L)</translation>
    </message>
    <message>
        <source>Text and control size</source>
        <translation>متن اور بٹنوں کا سائز</translation>
    </message>
    <message>
        <source>Text &amp;size:</source>
        <translation>متن کا سائز: (&amp;S)</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>سرور:</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>لاگو کریں (&amp;A)</translation>
    </message>
    <message>
        <source>The server address is set when this laptop is signed in. Ask your coordinator to change it.</source>
        <translation>سرور کا پتہ لیپ ٹاپ پر سائن ان کے وقت طے ہوتا ہے۔ اسے بدلنے کے لیے اپنی رابطہ کار سے کہیں۔</translation>
    </message>
    <message>
        <source>USB stick:</source>
        <translation>یو ایس بی:</translation>
    </message>
    <message>
        <source>&amp;Import content pack…</source>
        <translation>مواد کا پیک درآمد کریں… (&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Export my work…</source>
        <translation>اپنا کام برآمد کریں… (&amp;E)</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>سائن ان نہیں</translation>
    </message>
</context>
<context>
    <name>SetupPage</name>
    <message>
        <source>Connect this laptop to the server</source>
        <translation>اس لیپ ٹاپ کو سرور سے جوڑیں</translation>
    </message>
    <message>
        <source>Add the setup file of each person who will use this laptop (from the USB stick), or type an enrollment code and the server address. No internet is needed now.</source>
        <translation>ہر اس فرد کی سیٹ اپ فائل شامل کریں جو یہ لیپ ٹاپ استعمال کرے گی (یو ایس بی سے)، یا اندراج کوڈ اور سرور کا پتہ لکھیں۔ ابھی انٹرنیٹ کی ضرورت نہیں۔</translation>
    </message>
    <message>
        <source>Add setup file…</source>
        <translation>سیٹ اپ فائل شامل کریں…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>ہٹائیں</translation>
    </message>
    <message>
        <source>Or type an enrollment code</source>
        <translation>یا اندراج کوڈ لکھیں</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>سرور کا پتہ</translation>
    </message>
    <message>
        <source>Enrollment code</source>
        <translation>اندراج کوڈ</translation>
    </message>
    <message>
        <source>for example fieldapp.example.org</source>
        <translation>مثلاً fieldapp.example.org</translation>
    </message>
    <message>
        <source>Add this code</source>
        <translation>یہ کوڈ شامل کریں</translation>
    </message>
    <message>
        <source>%1 (server %2)</source>
        <translation>%1 (سرور %2)</translation>
    </message>
    <message>
        <source>Enrollment code for server %1</source>
        <translation>سرور %1 کے لیے اندراج کوڈ</translation>
    </message>
    <message>
        <source>Choose a setup file</source>
        <translation>سیٹ اپ فائل منتخب کریں</translation>
    </message>
    <message>
        <source>fieldapp setup files (*.fieldenroll)</source>
        <translation>فیلڈ ایپ سیٹ اپ فائلیں (*.fieldenroll)</translation>
    </message>
    <message>
        <source>%1 is not a fieldapp setup file, or it is damaged. Ask for a new one.</source>
        <translation>%1 فیلڈ ایپ کی سیٹ اپ فائل نہیں ہے، یا خراب ہے۔ نئی فائل مانگیں۔</translation>
    </message>
    <message>
        <source>Check the server address (like fieldapp.example.org) and the code (like ABCD-EFGH-JKLM).</source>
        <translation>سرور کا پتہ (جیسے fieldapp.example.org) اور کوڈ (جیسے ABCD-EFGH-JKLM) چیک کریں۔</translation>
    </message>
    <message>
        <source>This setup is already in the list.</source>
        <translation>یہ سیٹ اپ پہلے سے فہرست میں ہے۔</translation>
    </message>
    <message>
        <source>This setup file is for a different server than the others.</source>
        <translation>یہ سیٹ اپ فائل دوسروں سے مختلف سرور کی ہے۔</translation>
    </message>
</context>
<context>
    <name>Shell</name>
    <message>
        <source>fieldapp closed unexpectedly</source>
        <translation>فیلڈ ایپ اچانک بند ہو گئی</translation>
    </message>
    <message>
        <source>fieldapp closed unexpectedly last time. Your saved work is safe. A report was saved in %1; please give it to your coordinator.</source>
        <translation>پچھلی بار فیلڈ ایپ اچانک بند ہو گئی تھی۔ آپ کا محفوظ کام محفوظ ہے۔ ایک رپورٹ %1 میں محفوظ کی گئی؛ براہ کرم اسے اپنی رابطہ کار کو دیں۔</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>کچھ غلط ہو گیا</translation>
    </message>
    <message>
        <source>An unexpected error happened. Your saved work is safe. A report was saved as %1.</source>
        <translation>ایک غیر متوقع خرابی ہوئی۔ آپ کا محفوظ کام محفوظ ہے۔ رپورٹ %1 کے طور پر محفوظ کی گئی۔</translation>
    </message>
    <message>
        <source>fieldapp cannot start</source>
        <translation>فیلڈ ایپ شروع نہیں ہو سکتی</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <source>Sign in</source>
        <translation>سائن ان کریں</translation>
    </message>
    <message>
        <source>Sign in once with the name and password your coordinator gave you. After that the app works without internet.</source>
        <translation>اپنی رابطہ کار کے دیے ہوئے نام اور پاس ورڈ سے ایک بار سائن ان کریں۔ اس کے بعد ایپ انٹرنیٹ کے بغیر کام کرتی ہے۔</translation>
    </message>
    <message>
        <source>&amp;Server address:</source>
        <translation>سرور کا پتہ: (&amp;S)</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>صارف نام: (&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>پاس ورڈ: (&amp;P)</translation>
    </message>
    <message>
        <source>Sign &amp;in</source>
        <translation>سائن ان کریں (&amp;I)</translation>
    </message>
    <message>
        <source>Fill in the server address, your user name and your password.</source>
        <translation>سرور کا پتہ، اپنا صارف نام اور پاس ورڈ لکھیں۔</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>سائن ان ہو رہا ہے…</translation>
    </message>
    <message>
        <source>Signed in.</source>
        <translation>سائن ان ہو گیا۔</translation>
    </message>
    <message>
        <source>Could not sign in: %1</source>
        <translation>سائن ان نہیں ہو سکا: %1</translation>
    </message>
</context>
<context>
    <name>SyncBridge</name>
    <message>
        <source>Syncing…</source>
        <extracomment>Progress signals are throttled to this interval: thousands of per-page updates would flood the GUI.</extracomment>
        <translation>ہم آہنگی جاری ہے…</translation>
    </message>
    <message>
        <source>Sync stopped.</source>
        <translation>ہم آہنگی رک گئی۔</translation>
    </message>
    <message>
        <source>Not signed in. Sign in to sync.</source>
        <translation>سائن ان نہیں۔ ہم آہنگی کے لیے سائن ان کریں۔</translation>
    </message>
    <message>
        <source>Sync failed.</source>
        <translation>ہم آہنگی ناکام ہو گئی۔</translation>
    </message>
    <message>
        <source>An administrator removed this device's data.</source>
        <translation>منتظم نے اس آلے کا ڈیٹا ہٹا دیا ہے۔</translation>
    </message>
    <message>
        <source>This device was revoked. Sync is off; your unsent work is kept and can be exported.</source>
        <translation>یہ آلہ منسوخ کر دیا گیا۔ ہم آہنگی بند ہے؛ آپ کا نہ بھیجا گیا کام محفوظ ہے اور برآمد کیا جا سکتا ہے۔</translation>
    </message>
    <message>
        <source>Your sign-in has expired. Please sign in again.</source>
        <translation>آپ کا سائن ان ختم ہو گیا ہے۔ براہ کرم دوبارہ سائن ان کریں۔</translation>
    </message>
    <message>
        <source>Up to date</source>
        <translation>تازہ ترین</translation>
    </message>
    <message>
        <source>Offline. Your work is saved and will sync later.</source>
        <translation>آف لائن۔ آپ کا کام محفوظ ہے اور بعد میں ہم آہنگ ہوگا۔</translation>
    </message>
    <message>
        <source>Sync did not finish.</source>
        <translation>ہم آہنگی مکمل نہیں ہوئی۔</translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <source>Sync now</source>
        <translation>ابھی ہم آہنگ کریں</translation>
    </message>
    <message>
        <source>Send your work and fetch new work now (F5)</source>
        <translation>اپنا کام ابھی بھیجیں اور نیا کام لیں (F5)</translation>
    </message>
    <message>
        <source>Not signed in: sign in to send your work.</source>
        <translation>سائن ان نہیں: اپنا کام بھیجنے کے لیے سائن ان کریں۔</translation>
    </message>
    <message>
        <source>Records left out: %1. Some records from the server could not be read; everything else was synced. Please tell your coordinator.</source>
        <translation>چھوڑے گئے ریکارڈ: %1۔ سرور سے آئے کچھ ریکارڈ پڑھے نہیں جا سکے؛ باقی سب کچھ سنک ہو گیا ہے۔ براہِ کرم اپنی کوآرڈینیٹر کو بتائیں۔</translation>
    </message>
    <message>
        <source>Status unavailable</source>
        <translation>حالت دستیاب نہیں</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>ہم آہنگی جاری ہے…</translation>
    </message>
    <message>
        <source>This laptop was switched off from the server. Ask your coordinator.</source>
        <translation>اس لیپ ٹاپ کو سرور سے منقطع کر دیا گیا۔ اپنی رابطہ کار سے پوچھیں۔</translation>
    </message>
    <message>
        <source>Signed out: sign in again to send your work.</source>
        <translation>سائن آؤٹ: اپنا کام بھیجنے کے لیے دوبارہ سائن ان کریں۔</translation>
    </message>
    <message>
        <source>Offline. Your work is saved on this laptop and will be sent later.</source>
        <translation>آف لائن۔ آپ کا کام اس لیپ ٹاپ پر محفوظ ہے اور بعد میں بھیجا جائے گا۔</translation>
    </message>
    <message>
        <source>Offline. Everything you did is already sent.</source>
        <translation>آف لائن۔ آپ کا سب کام پہلے ہی بھیجا جا چکا ہے۔</translation>
    </message>
    <message>
        <source>Some work could not be sent</source>
        <translation>کچھ کام بھیجا نہیں جا سکا</translation>
    </message>
    <message>
        <source>Saved on this laptop, waiting to be sent</source>
        <translation>اس لیپ ٹاپ پر محفوظ، بھیجے جانے کا منتظر</translation>
    </message>
    <message>
        <source>Nothing waiting to be sent</source>
        <translation>بھیجنے کے لیے کچھ منتظر نہیں</translation>
    </message>
    <message>
        <source>All your work is sent</source>
        <translation>آپ کا سارا کام بھیج دیا گیا ہے</translation>
    </message>
    <message>
        <source>Last sync: %1</source>
        <translation>آخری ہم آہنگی: %1</translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation>کبھی ہم آہنگ نہیں ہوا</translation>
    </message>
    <message>
        <source>Waiting to go up: %1 changes, %2 files</source>
        <translation>بھیجنے کے منتظر: %1 تبدیلیاں، %2 فائلیں</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>ناکام: %1</translation>
    </message>
    <message>
        <source>Conflicts: %1</source>
        <translation>تضادات: %1</translation>
    </message>
</context>
<context>
    <name>TaskAdminPage</name>
    <message>
        <source>Task</source>
        <translation>کام</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>آخری تاریخ</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>کس کو دیا گیا</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>پیش رفت</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>کام</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>عنوان: (&amp;T)</translation>
    </message>
    <message>
        <source>&amp;What to do:</source>
        <translation>کیا کرنا ہے: (&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Due by</source>
        <translation>آخری تاریخ (&amp;D)</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>آخری تاریخ</translation>
    </message>
    <message>
        <source>Due date:</source>
        <translation>آخری تاریخ:</translation>
    </message>
    <message>
        <source>A whole &amp;cohort:</source>
        <translation>پورا گروپ: (&amp;C)</translation>
    </message>
    <message>
        <source>Chosen &amp;interns:</source>
        <translation>منتخب انٹرنز: (&amp;I)</translation>
    </message>
    <message>
        <source>Cohort</source>
        <translation>گروپ</translation>
    </message>
    <message>
        <source>Interns</source>
        <translation>انٹرنز</translation>
    </message>
    <message>
        <source>C&amp;reate task</source>
        <translation>کام بنائیں (&amp;R)</translation>
    </message>
    <message>
        <source>All tasks</source>
        <translation>تمام کام</translation>
    </message>
    <message>
        <source>Task “%1” created. It will be sent at the next sync.</source>
        <translation>کام ”%1“ بن گیا۔ اگلی ہم آہنگی پر بھیج دیا جائے گا۔</translation>
    </message>
</context>
<context>
    <name>TaskDetail</name>
    <message>
        <source>Task description</source>
        <extracomment>Autosave this long after the last keystroke. Emitted after a change that other views must reflect (status, draft saved, submitted).</extracomment>
        <translation>کام کی تفصیل</translation>
    </message>
    <message>
        <source>My &amp;status:</source>
        <translation>میری حالت: (&amp;S)</translation>
    </message>
    <message>
        <source>Feedback from your mentor</source>
        <translation>آپ کی رہنما کی رائے</translation>
    </message>
    <message>
        <source>Your work</source>
        <translation>آپ کا کام</translation>
    </message>
    <message>
        <source>&amp;Answer:</source>
        <translation>جواب: (&amp;A)</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>جواب</translation>
    </message>
    <message>
        <source>Attached &amp;files:</source>
        <translation>منسلک فائلیں: (&amp;F)</translation>
    </message>
    <message>
        <source>Attached files</source>
        <translation>منسلک فائلیں</translation>
    </message>
    <message>
        <source>A&amp;ttach a file…</source>
        <translation>فائل منسلک کریں… (&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Remove file</source>
        <translation>فائل ہٹائیں (&amp;R)</translation>
    </message>
    <message>
        <source>S&amp;ubmit</source>
        <translation>جمع کرائیں (&amp;U)</translation>
    </message>
    <message>
        <source>Choose a task from the list</source>
        <translation>فہرست سے ایک کام منتخب کریں</translation>
    </message>
    <message>
        <source>Due: %1</source>
        <translation>آخری تاریخ: %1</translation>
    </message>
    <message>
        <source>No due date</source>
        <translation>کوئی آخری تاریخ نہیں</translation>
    </message>
    <message>
        <source>Draft saved on this laptop at %1.</source>
        <translation>مسودہ اس لیپ ٹاپ پر %1 بجے محفوظ ہوا۔</translation>
    </message>
    <message>
        <source>Send new &amp;version</source>
        <translation>نیا ورژن بھیجیں (&amp;V)</translation>
    </message>
    <message>
        <source>Not submitted yet. Your writing is kept on this laptop as you type.</source>
        <translation>ابھی جمع نہیں ہوا۔ آپ جو لکھتی ہیں وہ ساتھ ساتھ اس لیپ ٹاپ پر محفوظ ہوتا ہے۔</translation>
    </message>
    <message>
        <source>Your mentor asked for changes. Read the feedback, change your work and send a new version.</source>
        <translation>آپ کی رہنما نے تبدیلیاں مانگی ہیں۔ رائے پڑھیں، اپنا کام بدلیں اور نیا ورژن بھیجیں۔</translation>
    </message>
    <message>
        <source>Submitted and saved on this laptop. It will be sent automatically the next time this laptop is online.</source>
        <translation>جمع ہو گیا اور اس لیپ ٹاپ پر محفوظ ہے۔ اگلی بار لیپ ٹاپ آن لائن ہوتے ہی خود بخود بھیج دیا جائے گا۔</translation>
    </message>
    <message>
        <source>Sent. Your mentor will review it.</source>
        <translation>بھیج دیا گیا۔ آپ کی رہنما اس کا جائزہ لیں گی۔</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>فائلیں منسلک کریں</translation>
    </message>
    <message>
        <source>Adding files…</source>
        <translation>فائلیں شامل ہو رہی ہیں…</translation>
    </message>
    <message>
        <source>The file could not be added: %1</source>
        <translation>فائل شامل نہیں ہو سکی: %1</translation>
    </message>
</context>
<context>
    <name>TasksPage</name>
    <message>
        <source>Task</source>
        <translation>کام</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>آخری تاریخ</translation>
    </message>
    <message>
        <source>My status</source>
        <translation>میری حالت</translation>
    </message>
    <message>
        <source>Submission</source>
        <translation>جمع شدہ کام</translation>
    </message>
    <message>
        <source>My tasks</source>
        <translation>میرے کام</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>تلاش: (&amp;S)</translation>
    </message>
    <message>
        <source>Words in the title</source>
        <translation>عنوان کے الفاظ</translation>
    </message>
    <message>
        <source>S&amp;how:</source>
        <translation>دکھائیں: (&amp;H)</translation>
    </message>
    <message>
        <source>All tasks</source>
        <translation>تمام کام</translation>
    </message>
    <message>
        <source>Not done yet</source>
        <translation>ابھی مکمل نہیں</translation>
    </message>
    <message>
        <source>Due today or late</source>
        <translation>آج تک یا تاخیر سے</translation>
    </message>
    <message>
        <source>Changes requested</source>
        <translation>تبدیلیاں مانگی گئیں</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>مکمل</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>کام</translation>
    </message>
    <message>
        <source>No tasks yet. New tasks arrive when this laptop syncs.</source>
        <translation>ابھی کوئی کام نہیں۔ نئے کام لیپ ٹاپ کی ہم آہنگی پر آئیں گے۔</translation>
    </message>
    <message>
        <source>No tasks match. Choose “All tasks” to see every task.</source>
        <translation>کوئی کام نہیں ملا۔ سب کام دیکھنے کے لیے ”تمام کام“ منتخب کریں۔</translation>
    </message>
</context>
<context>
    <name>TrainingPage</name>
    <message>
        <source>Module</source>
        <translation>ماڈیول</translation>
    </message>
    <message>
        <source>Lessons</source>
        <translation>اسباق</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>مکمل</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>تربیت</translation>
    </message>
    <message>
        <source>Training modules</source>
        <translation>تربیتی ماڈیولز</translation>
    </message>
    <message>
        <source>Progress in this module</source>
        <translation>اس ماڈیول میں پیش رفت</translation>
    </message>
    <message>
        <source>I have &amp;finished this lesson</source>
        <translation>میں نے یہ سبق مکمل کر لیا (&amp;F)</translation>
    </message>
    <message>
        <source>No training modules yet. They arrive when this laptop syncs.</source>
        <translation>ابھی کوئی تربیتی ماڈیول نہیں۔ لیپ ٹاپ کی ہم آہنگی پر آئیں گے۔</translation>
    </message>
    <message>
        <source>Choose a module</source>
        <translation>ماڈیول منتخب کریں</translation>
    </message>
    <message>
        <source>%1 done</source>
        <translation>%1 مکمل</translation>
    </message>
    <message>
        <source>Quiz (passed, best %1)</source>
        <translation>کوئز (کامیاب، بہترین %1)</translation>
    </message>
    <message>
        <source>Quiz</source>
        <translation>کوئز</translation>
    </message>
</context>
<context>
    <name>_PackDialog</name>
    <message>
        <source>Choose…</source>
        <translation>منتخب کریں…</translation>
    </message>
    <message>
        <source>Nothing was changed. %1</source>
        <translation>کچھ نہیں بدلا۔ %1</translation>
    </message>
</context>
</TS>