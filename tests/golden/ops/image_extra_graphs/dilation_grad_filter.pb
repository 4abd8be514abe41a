
:
xPlaceholder*
shape:*
dtype0
‚
ConstConst*e
value\BZ"HèƒÕ>0g8?ƒÜï8VËš>-G>½=ÿº>>Ví°>%Ë>åï	?ª Ö>Œj/?î[Q>NÌ`?ò[à<Â£+?ú¨Õ>L?*
dtype0
g

Dilation2D
Dilation2DxConst*
paddingVALID*
strides
*
rates
*
T0
;
dyPlaceholder*
shape:*
dtype0
,
gradients/grad_ys_0Identitydy*
T0
°
1gradients/Dilation2D_grad/Dilation2DBackpropInputDilation2DBackpropInputxConstgradients/grad_ys_0*
paddingVALID*
strides
*
rates
*
T0
²
2gradients/Dilation2D_grad/Dilation2DBackpropFilterDilation2DBackpropFilterxConstgradients/grad_ys_0*
paddingVALID*
strides
*
rates
*
T0
K
gxIdentity2gradients/Dilation2D_grad/Dilation2DBackpropFilter*
T0"ª