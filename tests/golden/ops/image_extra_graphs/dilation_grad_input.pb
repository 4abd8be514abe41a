
:
xPlaceholder*
shape:*
dtype0
‚
ConstConst*e
value\BZ"HèƒÕ>0g8?ƒÜï8VËš>-G>½=ÿº>>Ví°>%Ë>åï	?ª Ö>Œj/?î[Q>NÌ`?ò[à<Â£+?ú¨Õ>L?*
dtype0
f

Dilation2D
Dilation2DxConst*
paddingSAME*
strides
*
rates
*
T0
;
dyPlaceholder*
shape:*
dtype0
,
gradients/grad_ys_0Identitydy*
T0
¯
1gradients/Dilation2D_grad/Dilation2DBackpropInputDilation2DBackpropInputxConstgradients/grad_ys_0*
paddingSAME*
strides
*
rates
*
T0
±
2gradients/Dilation2D_grad/Dilation2DBackpropFilterDilation2DBackpropFilterxConstgradients/grad_ys_0*
paddingSAME*
strides
*
rates
*
T0
J
gxIdentity1gradients/Dilation2D_grad/Dilation2DBackpropInput*
T0"ª