throw new Error('this plugin is broken on purpose');
